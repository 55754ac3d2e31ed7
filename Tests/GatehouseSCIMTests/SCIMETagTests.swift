import GatehouseSCIM
import Testing

@Suite("SCIMETag")
struct SCIMETagTests {
    @Test("weak tags render and If-Match compares weakly")
    func ifMatch() {
        let tag = SCIMETag("3694e05e9dff594")
        #expect(tag.description == #"W/"3694e05e9dff594""#)
        let admitted = [#"W/"3694e05e9dff594""#, #""3694e05e9dff594""#, "*", #"W/"x", W/"3694e05e9dff594""#, #" W/"3694e05e9dff594" "#]
        for header in admitted {
            #expect(SCIMETag.ifMatch(header, admits: tag), "\(header)")
        }
        let refused = [#"W/"3694e05e9dff590""#, "", "3694e05e9dff594", #"W/"3694e05e9dff594"#, #""a"b""#, ",", #"W/"""#]
        for header in refused {
            #expect(!SCIMETag.ifMatch(header, admits: tag), "\(header)")
        }
        #expect(SCIMETag.ifNoneMatch(#"W/"3694e05e9dff594""#, matches: tag))
        #expect(!SCIMETag.ifNoneMatch(#"W/"other""#, matches: tag))
        #expect(SCIMETag(#"a"b"#).opaque == "ab")
    }
}
