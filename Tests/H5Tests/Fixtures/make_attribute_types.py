"""Writes attribute-types-v1.h5 and attribute-types-latest.h5: an attribute of every kind of
datatype h5py writes (booleans and other enumerations, compounds with nested arrays, opaque,
variable-length strings and sequences, fixed strings, numbers), on the root group, a group and
a dataset, with the oldest object headers (libver earliest, as libhdf5 writes by default) and the
newest. H5ObjectHeaderFuzzTests checks that faststyle's checks of attribute messages pass them.
Run with h5py 3 (scripts/onnx-venv.sh's environment has it)."""
import h5py
import numpy as np

for libver, name in [("earliest", "attribute-types-v1.h5"), ("latest", "attribute-types-latest.h5")]:
    with h5py.File(name, "w", libver=libver) as f:
        a = f.attrs
        a["bool"] = True
        a["bools"] = np.array([True, False])
        a["int"] = 3
        a["float"] = 2.5
        a["str"] = "hello"
        a.create("vlen", data="a variable string", dtype=h5py.string_dtype())
        a["strs"] = np.array([b"ab", b"cde"])
        compound = np.dtype([("x", "<f4"), ("name", "S7"), ("flags", "?"), ("arr", "<i2", (2, 3))])
        a["compound"] = np.array([(1.0, b"n", True, np.zeros((2, 3)))], dtype=compound)
        a["array"] = np.zeros((2, 2))
        a.create("arrtype", data=np.zeros(3, dtype="(2,)f8"))
        a["opaque"] = np.void(b"\x01\x02\x03")
        colours = h5py.enum_dtype({"RED": 0, "GREEN": 1, "A_LONG_COLOUR_NAME_INDEED": 42}, basetype="i1")
        a.create("enum", data=np.array([42], dtype="i1"), dtype=colours)
        sequences = np.empty(2, dtype=object)
        sequences[0], sequences[1] = np.arange(3, dtype="i4"), np.arange(1, dtype="i4")
        a.create("vlenints", data=sequences, dtype=h5py.vlen_dtype("i4"))
        group = f.create_group("g")
        group.attrs["compound"] = a["compound"]
        dataset = f.create_dataset("g/d", data=np.arange(6.0))
        dataset.attrs.create("enum2", data=np.array([0, 1], dtype="i1"), dtype=colours)
