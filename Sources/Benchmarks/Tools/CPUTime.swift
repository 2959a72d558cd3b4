import Foundation

/// CPU seconds (user + system) spent by processes, read from Linux's /proc: for a benchmark's CPU
/// per request of the processes beside it (the gateways, PostgreSQL).
enum CPUTime {
    /// This process's CPU seconds.
    static func ownSeconds() -> Double {
        seconds(ofStat: "/proc/self/stat") ?? 0
    }

    /// The CPU seconds of process `pid` (0 when it is gone).
    static func seconds(pid: Int32) -> Double {
        seconds(ofStat: "/proc/\(pid)/stat") ?? 0
    }

    /// The CPU seconds of every running process whose command name starts with `name` (for
    /// PostgreSQL: the postmaster and its backends, which come and go with connections), with the
    /// CPU of their children that have ended, so a backend closing mid-run is not subtracted.
    static func processSeconds(named name: String) -> Double {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.reduce(0) { total, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"),
                  stat[stat.index(after: open)..<close].hasPrefix(name)
            else { return total }
            return total + (seconds(ofStat: "/proc/\(pid)/stat", withReapedChildren: true) ?? 0)
        }
    }

    /// utime + stime (fields 14 and 15, after the parenthesised command) in seconds; with
    /// `withReapedChildren`, plus cutime + cstime (16 and 17): the CPU of children that ended and
    /// were waited for — PostgreSQL's backends that closed during a run, whose own figures are gone.
    private static func seconds(ofStat path: String, withReapedChildren: Bool = false) -> Double? {
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let user = Double(fields[11]), let system = Double(fields[12]),
              let childrenUser = Double(fields[13]), let childrenSystem = Double(fields[14])
        else { return nil }
        let ticks = user + system + (withReapedChildren ? childrenUser + childrenSystem : 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
