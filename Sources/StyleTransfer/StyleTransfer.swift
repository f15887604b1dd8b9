// placeholder: module StyleTransfer
