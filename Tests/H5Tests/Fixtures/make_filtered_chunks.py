"""Writes filtered-chunks.h5: chunked datasets with the filter pipelines h5py offers around deflate
(shuffle, Fletcher-32) and edge chunks that reach past the dataset, read back by
H5DatasetTests.testFilteredChunksOfOtherWritersReadBack. Values: index modulo 251."""
import h5py
import numpy as np

with h5py.File("filtered-chunks.h5", "w") as f:
    images = (np.arange(2 * 3 * 8 * 8) % 251).astype(np.uint8).reshape(2, 3, 8, 8)
    f.create_dataset("shuffled", data=images, chunks=(1, 3, 8, 8), compression="gzip", shuffle=True, fletcher32=True)
    edges = (np.arange(3 * 3 * 9 * 10) % 251).astype(np.float32).reshape(3, 3, 9, 10)
    f.create_dataset("edges", data=edges, chunks=(2, 3, 4, 4), compression="gzip", compression_opts=9, shuffle=True)
