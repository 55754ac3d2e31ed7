import Foundation
import GatehouseCore

/// One `BillingUsageResponse`. Gatehouse stores no media, so it reports only what it does know — seats,
/// product environments and access keys — and zero for media metrics rather than inventing figures.
struct WireBillingUsage: Encodable {
    struct Cycle: Encodable {
        var from_day: String
        var to_day: String
        var usage: Int
        var product_environment_breakdown: [EnvironmentBreakdown]?
    }
    struct Metric: Encodable {
        var metric: String
        var limit: Int?
        var cycles: [Cycle]
        var monthly_cycles: [Cycle]
    }
    struct EnvironmentBreakdown: Encodable {
        var cloud_name: String
        var users: Int
        var access_keys: Int
        var storage_image = 0, storage_video = 0, storage_raw = 0
        var transformations_image = 0, transformations_video = 0
        var bandwidth_image = 0, bandwidth_video = 0, bandwidth_raw = 0
        var image_impressions = 0, video_seconds = 0
    }

    var plan_name: String
    var metric_usage: [Metric]

    init(_ report: UsageReport, year: Int?, breakdown: Bool, today: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let currentYear = calendar.component(.year, from: today)
        let reportYear = year ?? currentYear
        let cycle = Self.cycle(year: reportYear, today: today, currentYear: currentYear, calendar: calendar)
        // The per-environment breakdown sits inside each cycle, where the SDK's model reads it.
        let environments = breakdown
            ? report.environments.map {
                EnvironmentBreakdown(
                    cloud_name: $0.cloudName, users: report.usersPerEnvironment[$0.id] ?? 0,
                    access_keys: report.accessKeysPerEnvironment[$0.id] ?? 0)
            }
            : nil
        func metric(_ name: String, _ usage: Int, _ limit: Int?) -> Metric {
            let c = Cycle(from_day: cycle.0, to_day: cycle.1, usage: usage, product_environment_breakdown: environments)
            return Metric(metric: name, limit: limit, cycles: [c], monthly_cycles: [c])
        }
        plan_name = "Gatehouse (self-hosted)"
        metric_usage = [
            metric("seats", report.seatsUsed, report.seatLimit),
            metric("product_environments", report.environments.count, nil),
            metric("access_keys", report.accessKeysPerEnvironment.values.reduce(0, +), nil),
        ]
    }

    /// The requested year's span, clipped to today for the current year.
    private static func cycle(year: Int, today: Date, currentYear: Int, calendar: Calendar) -> (String, String) {
        let end = year == currentYear
            ? String(WireTimestamp.string(today).prefix(10))
            : String(format: "%04d-12-31", year)
        return (String(format: "%04d-01-01", year), end)
    }
}
