import Dispatch
import Foundation
import Glibc

/// Turns SIGINT (Ctrl-C) and SIGTERM into a call of `onSignal` with the signal's number (which
/// stops the training session after a checkpoint) instead of death mid-write. A second signal
/// quits at once. `announce`: say so on stderr (rank 0 of a group only), and `outcome`, what
/// happens next.
final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init(
        signals: [Int32] = [SIGINT, SIGTERM], announce: Bool = true,
        outcome: String = "saving a checkpoint (press Ctrl-C again to quit without saving)",
        onSignal: @escaping @Sendable (Int32) -> Void
    ) {
        for number in signals {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.withLock {
                    if self.received != nil { exit(128 + number) }
                    self.received = number
                }
                if announce {
                    Diagnostics.warning(
                        "\(number == SIGINT ? "interrupt" : "terminate") received; \(outcome)", interrupting: true)
                }
                onSignal(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal received, if any.
    var signal: Int32? { lock.withLock { received } }
}
