// placeholder: replaced by the core process entry
