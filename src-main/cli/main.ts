// placeholder: replaced by the CLI entry
