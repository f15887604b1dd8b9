import XCTest
@testable import Collectives

/// Open MPI is loaded, not linked: its absence, or another library in its place, is an error
/// that says what is missing and how to install it.
final class OpenMPITests: XCTestCase {
    func testAMissingLibraryIsNamed() {
        XCTAssertThrowsError(try OpenMPI(library: "libmpi-absent.so.40")) { error in
            let text = error.localizedDescription
            XCTAssertTrue(
                text.contains("libmpi-absent.so.40") && text.contains("cannot open shared object file")
                    && text.contains("apt install openmpi-bin"), text)
        }
    }

    func testALibraryWithoutMPIIsRefused() {
        XCTAssertThrowsError(try OpenMPI(library: "libc.so.6")) { error in
            XCTAssertTrue(
                error.localizedDescription.contains("libc.so.6")
                    && error.localizedDescription.contains("no MPI_Init_thread"),
                error.localizedDescription)
        }
    }
}
