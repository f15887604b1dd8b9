import Foundation

/// Open MPI's C library, loaded with dlopen when a launcher started this process instead of
/// linked: faststyle then starts, and installs, without Open MPI, which only `mpirun` runs need.
///
/// Open MPI's handles are the addresses of the library's predefined globals (`MPI_COMM_WORLD` is
/// `&ompi_mpi_comm_world`, `MPI_FLOAT` `&ompi_mpi_float`), found here by name; `MPI_IN_PLACE` is
/// `(void *) 1` and `MPI_THREAD_FUNNELED` 1. This is mpi.h of Open MPI 4 and 5, whose library is
/// libmpi.so.40 (other MPIs, such as MPICH, use integer handles and another library).
struct OpenMPI {
    typealias Handle = UnsafeMutableRawPointer

    /// The library's name in the dynamic loader's search path (Debian: libopenmpi3).
    static let libraryName = "libmpi.so.40"

    /// MPI_Init_thread(argc, argv, required, provided).
    let initThread:
        @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int32, UnsafeMutablePointer<Int32>) -> Int32
    /// MPI_Comm_rank and MPI_Comm_size(comm, result).
    let commRank, commSize: @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    let finalize: @convention(c) () -> Int32
    /// MPI_Abort(comm, errorcode).
    let abort: @convention(c) (Handle, Int32) -> Int32
    let barrier: @convention(c) (Handle) -> Int32
    /// MPI_Allreduce(sendbuf, recvbuf, count, datatype, op, comm).
    let allreduce: @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    /// MPI_Allgather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm).
    let allgather:
        @convention(c) (UnsafeRawPointer?, Int32, Handle, UnsafeMutableRawPointer?, Int32, Handle, Handle) -> Int32

    let commWorld: Handle
    let float: Handle
    let double: Handle
    let uint64: Handle
    let sum: Handle
    let inPlace = UnsafeRawPointer(bitPattern: 1)
    let threadFunneled: Int32 = 1

    /// Loads the library (once per process; it stays loaded) and looks up what faststyle calls.
    ///
    /// RTLD_GLOBAL because Open MPI loads its own components with dlopen, and they need the
    /// library's symbols.
    init(library: String = libraryName) throws {
        guard let handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL) else {
            throw OpenMPIUnavailable(library: library, reason: dlerror().map { String(cString: $0) } ?? "dlopen failed")
        }
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let address = dlsym(handle, name) else {
                throw OpenMPIUnavailable(library: library, reason: "it has no \(name) (not Open MPI 4 or 5?)")
            }
            return address
        }
        // The C function at `name`, as the type of the property it is assigned to.
        func function<F>(_ name: String) throws -> F { unsafeBitCast(try symbol(name), to: F.self) }
        initThread = try function("MPI_Init_thread")
        commRank = try function("MPI_Comm_rank")
        commSize = try function("MPI_Comm_size")
        finalize = try function("MPI_Finalize")
        abort = try function("MPI_Abort")
        barrier = try function("MPI_Barrier")
        allreduce = try function("MPI_Allreduce")
        allgather = try function("MPI_Allgather")
        commWorld = try symbol("ompi_mpi_comm_world")
        float = try symbol("ompi_mpi_float")
        double = try symbol("ompi_mpi_double")
        uint64 = try symbol("ompi_mpi_uint64_t")
        sum = try symbol("ompi_mpi_op_sum")
    }
}

/// An MPI launcher started this process, but Open MPI's library cannot be loaded.
public struct OpenMPIUnavailable: LocalizedError, CustomStringConvertible {
    public let library: String
    /// The dynamic loader's reason, e.g. "cannot open shared object file: No such file or directory".
    public let reason: String

    public var description: String {
        "started by an MPI launcher, but Open MPI's library \(library) cannot be loaded (\(reason)); "
            + "training on several processes needs Open MPI 4 or 5 (Debian: apt install openmpi-bin)"
    }

    public var errorDescription: String? { description }
}
