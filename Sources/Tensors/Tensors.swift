// placeholder: module Tensors
