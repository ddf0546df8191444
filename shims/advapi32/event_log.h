// ADVAPI32's event logs as this user keeps them (advapi32/event_log_read.cpp): the records ReportEvent
// writes (advapi32/event_log.cpp) and OpenEventLog, ReadEventLog and BackupEventLog read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;

namespace advapi32_event_log {

// An EVENTLOGRECORD in its wide form (the bytes ReadEventLogW returns).
using Record = std::vector<uint8_t>;

// An event to record.
struct Event {
  std::string source;
  uint16_t type = 0, category = 0;
  uint32_t id = 0;
  std::vector<std::string> strings;
  std::vector<uint8_t> data, user_sid;
};

// The file that holds a log ("Application", "System" …) of this user.
std::string log_path(const std::string& log);
// A log's records, in order (none for a log never written); a backup file's records.
std::vector<Record> read_records(const std::string& path);
// Appends an event to the Application log (its record number the next one); false when the file
// cannot be written.
bool append_event(WindowsProcess& p, const Event& e);
// Writes records to a file (a backup), false when it cannot.
bool write_records(const std::string& path, const std::vector<Record>& records);
// A record's number, and its narrow form (ReadEventLogA's: names and strings in the ANSI code page).
uint32_t record_number(const Record& r);
Record narrow_record(const Record& r);

}  // namespace advapi32_event_log

}  // namespace polyrun::shims
