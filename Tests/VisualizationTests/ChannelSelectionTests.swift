import StyleTransfer
import Visualization
import XCTest

final class ChannelSelectionTests: XCTestCase {
    func testOneChannelRangesAndLists() throws {
        XCTAssertEqual(try ChannelSelection.parse("5", channelCount: 64), [5])
        XCTAssertEqual(try ChannelSelection.parse("0-7", channelCount: 64), Array(0...7))
        XCTAssertEqual(try ChannelSelection.parse("12-13, 3,0-1,3", channelCount: 64), [12, 13, 3, 0, 1])
        XCTAssertEqual(try ChannelSelection.parse("63", channelCount: 64), [63])
    }

    func testMalformedTextIsRefusedByName() {
        for text in ["", "a", "3-", "-2", "1-2-3", "1,,2", "x-4", "7-0"] {
            XCTAssertThrowsError(try ChannelSelection.parse(text, channelCount: 64), text) { error in
                XCTAssertEqual((error as? InvalidSetting)?.setting, .channels, text)
            }
        }
        XCTAssertThrowsError(try ChannelSelection.parse("7-0", channelCount: 64)) { error in
            XCTAssertTrue(error.localizedDescription.contains("0-7"), error.localizedDescription)
        }
    }

    func testChannelsBeyondTheLayerNameItsCount() {
        XCTAssertThrowsError(try ChannelSelection.parse("60-70", channelCount: 64, layer: "relu1_2")) { error in
            XCTAssertEqual(
                error.localizedDescription,
                "channels must name channels from 0 to 63 (relu1_2 has 64 channels), got 60-70")
        }
    }
}
