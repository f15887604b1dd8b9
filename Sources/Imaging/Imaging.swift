// placeholder: module Imaging
