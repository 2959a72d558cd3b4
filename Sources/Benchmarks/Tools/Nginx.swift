import CommandLineHarness
import Foundation

/// nginx as a benchmark's stand-in upstream (fixed answers) and as the load balancer in front of
/// gateway replicas, run as a child process in the benchmark's folder.
enum Nginx {
    /// Starts nginx with one worker and `servers` (server blocks) in its `http` block; its files
    /// are named after `name` in `directory`.
    static func start(servers: String, name: String, in directory: URL) async throws -> ChildProcess {
        let config = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory.path)/\(name).pid;
            error_log \(directory.path)/\(name)-error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(directory.path)/\(name)-body;
                proxy_temp_path \(directory.path)/\(name)-proxy;
                client_body_buffer_size 64k;
                keepalive_requests 1000000;
            \(servers)
            }
            """
        let path = directory.appendingPathComponent("\(name).conf")
        try Data(config.utf8).write(to: path)
        guard let nginx = ["/usr/sbin/nginx"].first(where: FileManager.default.isExecutableFile) ?? which("nginx") else {
            throw BenchError("nginx is not installed (make bench-gateway installs it with wrk)")
        }
        guard which("wrk") != nil else { throw BenchError("wrk is not installed (make bench-gateway installs it with nginx)") }
        return try await ChildProcess([nginx, "-p", directory.path, "-c", path.path])
    }

    /// A server on `port` answering each location (longest prefix first, as nginx matches) with
    /// its fixed JSON body and status 200.
    static func fixedAnswers(port: Int, _ bodies: [String: String], failing: [String] = []) -> String {
        let locations = bodies.sorted { $0.key > $1.key }.map { location, body in
            """
                    location \(location) {
                        default_type application/json;
                        return 200 '\(body.replacingOccurrences(of: "'", with: "\\'"))';
                    }
            """
        } + failing.map { location in
            """
                    location \(location) {
                        default_type application/json;
                        return 500 '{"error":{"message":"failing on purpose","type":"server_error"}}';
                    }
            """
        }
        return """
                server {
                    listen 127.0.0.1:\(port) reuseport;
            \(locations.joined(separator: "\n"))
                }
            """
    }

    /// A server on `port` spreading requests round-robin over `backends` (`host:port`), with
    /// kept-alive connections to them, as a load balancer in front of replicas does.
    static func balancer(port: Int, backends: [String]) -> String {
        """
            upstream replicas {
        \(backends.map { "        server \($0);" }.joined(separator: "\n"))
                keepalive 512;
            }
            server {
                listen 127.0.0.1:\(port) reuseport;
                location / {
                    proxy_pass http://replicas;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        """
    }

    /// The path of `program` on `PATH`, or nil.
    static func which(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(program)" }
            .first(where: FileManager.default.isExecutableFile)
    }
}
