import XCTest
@testable import Recorder
import TraceParser

final class EventFilterTests: XCTestCase {
    let filter = EventFilter(devT: 7 << 20 | 1, majorMinor: "7:1", pid: 4242, comm: "xfs_io")

    func testEventWithDevField_isFilteredByKernelDevT() throws {
        let format = try EventFormat.parse(RealFormats.daWriteBegin, system: "ext4")
        XCTAssertEqual(filter.filter(for: TracedEvent(system: "ext4", name: "ext4_da_write_begin"), format: format),
                       "dev == 7340033")
    }

    func testWritebackEventWithBdiName_isFilteredByMajorMinor() throws {
        let format = try EventFormat.parse("""
        name: writeback_written
        ID: 800
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:char name[32];\toffset:8;\tsize:32;\tsigned:0;
        \tfield:long nr_pages;\toffset:40;\tsize:8;\tsigned:1;

        print fmt: "bdi %s: sb_dev %d:%d nr_pages=%ld", REC->name, 0, 0, REC->nr_pages
        """, system: "writeback")
        XCTAssertEqual(filter.filter(for: TracedEvent(system: "writeback", name: "writeback_written"), format: format),
                       "name == \"7:1\"")
    }

    func testSyscallEvent_isFilteredToTheWorkloadPidOrCommand() throws {
        let format = try EventFormat.parse("""
        name: sys_enter_fsync
        ID: 700
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
        \tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;

        print fmt: "fd: 0x%08lx", ((unsigned long)(REC->fd))
        """, system: "syscalls")
        XCTAssertEqual(filter.filter(for: TracedEvent(system: "syscalls", name: "sys_enter_fsync"), format: format),
                       "common_pid == 4242 || comm == \"xfs_io\"")
    }

    func testCommName_isTheExecutableNameCutTo15Bytes() {
        XCTAssertEqual(EventFilter.commName(forExecutable: "/usr/sbin/xfs_io"), "xfs_io")
        XCTAssertEqual(EventFilter.commName(forExecutable: "a-very-long-program-name"), "a-very-long-pro")
    }

    func testKernelDevT_isMajorShifted20PlusMinor_notTheUserSpaceEncoding() {
        // st_rdev of /dev/loop1 is makedev(7, 1) = 0x701; the kernel's dev_t is 7 << 20 | 1.
        let d = DeviceNumbers(rdev: 0x701)
        XCTAssertEqual(d, DeviceNumbers(major: 7, minor: 1))
        XCTAssertEqual(d.kernelDevT, 7_340_033)
        XCTAssertEqual(d.text, "7:1")
        XCTAssertEqual(DeviceNumbers(rdev: 0x1030_0710), DeviceNumbers(major: 7, minor: 0x10310), "large minors use the high bits")
    }

    func testEventSelection_parsesCommaListsAndRejectsEmptyItems() throws {
        XCTAssertEqual(try EventSelection(parsing: "default,block:block_bio_queue").items, ["default", "block:block_bio_queue"])
        XCTAssertThrowsError(try EventSelection(parsing: "ext4,,jbd2"))
        XCTAssertEqual(TracedEvent("ext4/ext4_da_write_begin"), TracedEvent(system: "ext4", name: "ext4_da_write_begin"))
        XCTAssertNil(TracedEvent("ext4"))
    }
}
