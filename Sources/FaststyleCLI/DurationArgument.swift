import ArgumentParser

/// A duration on the command line: "25m", "1h30m", "90s", "1.5h"; a bare number is minutes.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Double

    init?(argument: String) {
        let units: [Character: Double] = ["h": 3600, "m": 60, "s": 1]
        if let minutes = Double(argument) {
            seconds = minutes * 60
        } else {
            var total = 0.0, number = ""
            for character in argument {
                if let unit = units[character] {
                    guard let value = Double(number) else { return nil }
                    total += value * unit
                    number = ""
                } else {
                    number.append(character)
                }
            }
            guard number.isEmpty else { return nil }
            seconds = total
        }
        // Positive and below a year: a budget anyone means.
        guard seconds.isFinite, seconds > 0, seconds <= 366 * 86400 else { return nil }
    }

    var defaultValueDescription: String { DurationText.format(seconds) }
}
