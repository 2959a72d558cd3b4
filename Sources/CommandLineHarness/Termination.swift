internal import Subprocess

/// How a program run by the harness ended: the code it exited with, or the signal that killed it.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// The program exited by itself, with this code.
    case exited(Int32)
    /// A signal (SIGTERM, SIGKILL, SIGSEGV, …) ended the program.
    case signaled(Int32)

    /// The exit code, or the number of the signal that killed the program: one number, as a
    /// command's status has always been counted here (what `Process.terminationStatus` gave).
    public var status: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }

    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}
