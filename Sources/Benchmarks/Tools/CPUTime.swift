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
    /// PostgreSQL: the postmaster and its backends, which come and go with connections).
    static func processSeconds(named name: String) -> Double {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.reduce(0) { total, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"),
                  stat[stat.index(after: open)..<close].hasPrefix(name)
            else { return total }
            return total + (seconds(ofStat: "/proc/\(pid)/stat") ?? 0)
        }
    }

    /// utime + stime (fields 14 and 15, after the parenthesised command) in seconds.
    private static func seconds(ofStat path: String) -> Double? {
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
