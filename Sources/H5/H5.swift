// placeholder: module H5
