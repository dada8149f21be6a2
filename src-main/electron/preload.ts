// placeholder: replaced by the preload
