// placeholder: module NN
