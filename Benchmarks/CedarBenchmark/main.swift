import Cedar
import Foundation

/// `cedar-bench`: per-decision latency of the Cedar authorizer on
/// Cloudinary-shaped data (10k entities; 10, 100 and 1,000 policies).
///
///     cedar-bench [--requests N] [--sizes 10,100,1000] [--dump DIR] [--json]
///
/// `--dump DIR` writes `policies-<size>.cedar`, `entities.json` and
/// `requests.jsonl` for `Benchmarks/cedar_bench_cedarpy.py`, so both engines
/// time the same inputs. Timing is per `isAuthorized` call on pre-decoded
/// requests, after a warm-up pass; the JSON-line path (decode + authorize) is
/// reported as a mean for comparison with cedarpy's batch call.
struct Options {
    var requests = 5_000
    var sizes = [10, 100, 1_000]
    var dump: String?
    var json = false

    init(_ args: [String]) {
        var it = args.dropFirst().makeIterator()
        while let a = it.next() {
            switch a {
            case "--requests": requests = Int(it.next() ?? "") ?? requests
            case "--sizes": sizes = (it.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--dump": dump = it.next()
            case "--json": json = true
            default:
                FileHandle.standardError.write(Data("usage: cedar-bench [--requests N] [--sizes 10,100,1000] [--dump DIR] [--json]\n".utf8))
                exit(2)
            }
        }
    }
}

func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

let opts = Options(CommandLine.arguments)
if !opts.json { print("engine     policies  entities  p50_us  p99_us  mean_us  jsonline_mean_us  allow%") }
for size in opts.sizes {
    let data = BenchData.make(policies: size, requests: opts.requests)
    if let dir = opts.dump {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try data.policiesText.write(toFile: "\(dir)/policies-\(size).cedar", atomically: true, encoding: .utf8)
        try data.entitiesJSON.write(toFile: "\(dir)/entities.json", atomically: true, encoding: .utf8)
        try (data.requestLines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/requests.jsonl", atomically: true, encoding: .utf8)
    }
    let policies = try PolicySet(parsing: data.policiesText)
    let entities = try Entities(json: data.entitiesJSON)
    let requests = try data.requestLines.map { try AuthorizationRequest(jsonLine: $0).request() }
    let authorizer = Authorizer()
    var allows = 0
    for r in requests where authorizer.isAuthorized(r, policies: policies, entities: entities).decision == .allow { allows += 1 }
    var samples: [Double] = []
    samples.reserveCapacity(requests.count)
    for r in requests {
        let t0 = nanos()
        let resp = authorizer.isAuthorized(r, policies: policies, entities: entities)
        let t1 = nanos()
        precondition(resp.reason.count >= 0)
        samples.append(Double(t1 - t0) / 1_000)
    }
    let t0 = nanos()
    for line in data.requestLines { _ = authorizer.authorize(jsonLine: line, policies: policies, entities: entities) }
    let jsonMean = Double(nanos() - t0) / 1_000 / Double(data.requestLines.count)
    samples.sort()
    let mean = samples.reduce(0, +) / Double(samples.count)
    let p50 = percentile(samples, 0.5), p99 = percentile(samples, 0.99)
    let allowPct = 100 * Double(allows) / Double(requests.count)
    if opts.json {
        print("{\"engine\":\"gatehouse\",\"policies\":\(size),\"entities\":\(entities.count),\"p50_us\":\(p50),\"p99_us\":\(p99),\"mean_us\":\(mean),\"jsonline_mean_us\":\(jsonMean),\"allow_pct\":\(allowPct)}")
    } else {
        print(String(format: "gatehouse  %8d  %8d  %6.1f  %6.1f  %7.1f  %16.1f  %5.1f", size, entities.count, p50, p99, mean, jsonMean, allowPct))
    }
}
