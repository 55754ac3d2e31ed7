/// Passwords of twelve characters or more that appear on public lists of the most used ones, plus the
/// obvious patterns of such lists (keyboard rows, counting, a word and digits). Shorter ones are refused
/// by length already.
enum CommonPasswords {
    static func contains(_ lowered: String) -> Bool {
        if list.contains(lowered) { return true }
        let digits = "012345678901234567890"
        if lowered.count <= 20, lowered.allSatisfy(\.isNumber), digits.contains(lowered) || String(digits.reversed()).contains(lowered) {
            return true
        }
        let rows = ["qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhnujm"]
        if rows.contains(where: { $0.contains(lowered) }) { return true }
        let words = ["password", "passw0rd", "p@ssword", "p@ssw0rd", "letmein", "welcome", "iloveyou", "admin", "qwerty", "abc", "monkey",
                     "dragon", "sunshine", "princess", "football", "baseball", "master", "superman", "trustno1", "changeme",
                     "cloudinary", "gatehouse"]
        for word in words where lowered.hasPrefix(word) {
            let rest = lowered.dropFirst(word.count)
            if rest.allSatisfy({ $0.isNumber || "!@#$.?*".contains($0) }) { return true }
        }
        return false
    }

    static let list: Set<String> = [
        "123456789012", "1234567890123", "12345678910", "123456789101", "1234567891011", "111111111111", "000000000000",
        "qwertyuiop123", "qwerty123456", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "q1w2e3r4t5y6", "zaq12wsxcde3", "1qaz2wsx3edc",
        "passwordpassword", "iloveyouiloveyou", "princess1234", "football1234", "baseball1234", "starwars1234",
        "letmeinletmein", "welcomewelcome", "administrator", "administrator1", "changemenow1", "correcthorsebatterystaple",
        "thequickbrownfox", "mypassword123", "mypassword1234", "secretpassword", "supersecret123", "ilovemymom123",
        "whatever1234", "trustnoone123", "qwertyqwerty", "asdfghjkl123", "asdfasdfasdf", "zxcvbnm12345", "abcdefghijkl",
        "abcdefghijklm", "abc123abc123", "aaaaaaaaaaaa", "hello1234567", "helloworld123", "monkeymonkey", "dragondragon",
        "sunshine1234", "shadow123456", "michael12345", "jennifer1234", "jordan232323", "superman1234", "batman123456",
        "pokemon12345", "minecraft123", "computer1234", "internet1234", "freedom12345", "whatsup12345", "password12345",
        "password123456", "passw0rd1234", "p@ssw0rd1234", "welcome12345", "welcome123456", "letmein12345", "admin1234567",
        "qwerty1234567", "iloveyou12345", "1234qwerasdf", "qwer1234asdf", "1234abcd5678", "a1b2c3d4e5f6",
    ]
}
