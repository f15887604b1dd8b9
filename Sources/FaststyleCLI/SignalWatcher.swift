import Dispatch
import Foundation
import Glibc

/// Turns SIGINT (Ctrl-C) and SIGTERM into a call of `onSignal` (which asks the training session
/// to stop after a checkpoint) instead of death mid-write. A second signal quits at once.
final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable () -> Void) {
        for number in signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.withLock {
                    if self.received != nil { exit(128 + number) }
                    self.received = number
                }
                Diagnostics.warning("\(number == SIGINT ? "interrupt" : "terminate") received; saving a checkpoint "
                                    + "(press Ctrl-C again to quit without saving)", interrupting: true)
                onSignal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received, if any.
    var signal: Int32? { lock.withLock { received } }
}
