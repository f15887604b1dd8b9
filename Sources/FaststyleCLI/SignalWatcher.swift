import Dispatch
import Glibc
import Foundation

/// Turns SIGINT (Ctrl-C) and SIGTERM into a flag the training loop checks between steps, so
/// that it saves a checkpoint and exits cleanly instead of dying mid-write.
final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init(signals: [Int32] = [SIGINT, SIGTERM]) {
        for number in signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.withLock {
                    if self.received != nil {
                        // A second Ctrl-C while saving: give up at once.
                        exit(128 + number)
                    }
                    self.received = number
                }
                FileHandle.standardError.write(Data("\nfaststyle: \(number == SIGINT ? "interrupt" : "terminate") received; saving a checkpoint (press Ctrl-C again to quit without saving)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received, if any.
    var signal: Int32? { lock.withLock { received } }
}
