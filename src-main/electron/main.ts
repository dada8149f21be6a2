// placeholder: replaced by the Electron main entry
