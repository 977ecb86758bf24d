using System;
using System.IO;
using System.Linq;
using EntraGuard.Response;

namespace EntraGuard.Engine.Tests.Response
{
    public sealed class ResponseJournalTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("eg-journal-").FullName;

        private string JournalPath => Path.Combine(_folder, "nested", "journal.jsonl");

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static JournalRecord Record(
            string id,
            DateTimeOffset time,
            ResponseAction action,
            string target,
            string? name = null
        ) =>
            new()
            {
                JournalId = id,
                Time = time,
                Action = action,
                TargetType = "user",
                TargetId = target,
                TargetName = name,
                Calls = new[] { $"PATCH /users/{target} {{\"accountEnabled\":false}}" },
                PriorState = "{\"user\":{\"id\":\"" + target + "\",\"accountEnabled\":true}}",
            };

        private static readonly DateTimeOffset Monday = new(2026, 11, 16, 8, 0, 0, TimeSpan.Zero);

        private void WriteSample()
        {
            using var journal = ResponseJournal.Open(JournalPath, TimeSpan.Zero);
            var first = Record("j-1", Monday, ResponseAction.DisableUser, "u-1", "megan.bowen@fabrikam.example");
            journal.WriteStarted(first);
            journal.WriteCompleted(
                first with
                {
                    Status = ActionStatus.Done,
                    Detail = "Disabled",
                    CompletedTime = Monday.AddSeconds(1),
                },
                started: true
            );
            journal.WriteStarted(Record("j-2", Monday.AddHours(1), ResponseAction.DisableUser, "u-2"));
            journal.WriteCompleted(
                Record("j-3", Monday.AddHours(2), ResponseAction.RevokeUserSession, "u-1") with
                {
                    Status = ActionStatus.AlreadyDone,
                    Detail = "already revoked",
                },
                started: false
            );
        }

        [Fact]
        public void Records_merge_started_and_completed_lines_and_an_unfinished_one_reads_as_pending()
        {
            WriteSample();

            var records = JournalReader.Read(JournalPath, new JournalQuery());

            Assert.Equal(new[] { "j-1", "j-2", "j-3" }, records.Select(r => r.JournalId));
            Assert.Equal(
                new[] { ActionStatus.Done, ActionStatus.Pending, ActionStatus.AlreadyDone },
                records.Select(r => r.Status)
            );
            Assert.Equal(Monday, records[0].Time);
            Assert.Equal(Monday.AddSeconds(1), records[0].CompletedTime);
            Assert.Equal("megan.bowen@fabrikam.example", records[0].TargetName);
            Assert.Equal("{\"user\":{\"id\":\"u-1\",\"accountEnabled\":true}}", records[0].PriorState);
            Assert.Equal("already revoked", records[2].Detail);
            Assert.Equal(ResponseAction.RevokeUserSession, records[2].Action);
        }

        [Fact]
        public void Queries_filter_by_time_target_action_and_status()
        {
            WriteSample();

            string[] Ids(JournalQuery query) =>
                JournalReader.Read(JournalPath, query).Select(r => r.JournalId).ToArray();

            Assert.Equal(new[] { "j-2", "j-3" }, Ids(new JournalQuery { Since = Monday.AddMinutes(30) }));
            Assert.Equal(new[] { "j-1", "j-2" }, Ids(new JournalQuery { Until = Monday.AddHours(1) }));
            Assert.Equal(new[] { "j-1", "j-3" }, Ids(new JournalQuery { Targets = new[] { "U-1" } }));
            Assert.Equal(new[] { "j-1" }, Ids(new JournalQuery { Targets = new[] { "MEGAN.bowen@fabrikam.example" } }));
            Assert.Equal(
                new[] { "j-3" },
                Ids(new JournalQuery { Actions = new[] { ResponseAction.RevokeUserSession } })
            );
            Assert.Equal(new[] { "j-2" }, Ids(new JournalQuery { Statuses = new[] { ActionStatus.Pending } }));
            Assert.Equal(new[] { "j-3" }, Ids(new JournalQuery { JournalIds = new[] { "J-3" } }));
        }

        [Fact]
        public void The_journal_path_comes_from_the_command_then_the_settings_then_the_environment_then_the_default()
        {
            string? Environment(string name) =>
                name == ResponseJournal.PathVariable ? "/mnt/share/journal.jsonl" : null;

            var settings = Path.Combine(_folder, "settings.yaml");
            File.WriteAllText(settings, "journalPath: audit/journal.jsonl\n");
            var withoutJournal = Path.Combine(_folder, "plain.yaml");
            File.WriteAllText(withoutJournal, "historyDays: 10\n");

            Assert.Equal(
                "given.jsonl",
                ResponseJournal.ResolvePath("given.jsonl", Path.Combine(_folder, "absent.yaml"), Environment)
            );
            Assert.Equal(
                Path.Combine(_folder, "audit", "journal.jsonl"),
                ResponseJournal.ResolvePath(null, settings, Environment)
            );
            Assert.Equal("/mnt/share/journal.jsonl", ResponseJournal.ResolvePath(null, withoutJournal, Environment));
            Assert.Equal("/mnt/share/journal.jsonl", ResponseJournal.ResolvePath(" ", null, Environment));
            Assert.Equal(ResponseJournal.DefaultPath, ResponseJournal.ResolvePath(null, null, _ => null));
            Assert.EndsWith(Path.Combine("EntraGuard", "journal.jsonl"), ResponseJournal.DefaultPath);
        }

        [Fact]
        public void A_second_writer_is_kept_out_while_the_first_holds_the_journal()
        {
            using (var first = ResponseJournal.Open(JournalPath, TimeSpan.Zero))
            {
                var locked = Assert.Throws<JournalLockedException>(() =>
                    ResponseJournal.Open(JournalPath, TimeSpan.FromMilliseconds(300))
                );
                Assert.Contains("Another EntraGuard run is writing the journal", locked.Message);
                Assert.Empty(JournalReader.Read(JournalPath, new JournalQuery()));
            }
            using var second = ResponseJournal.Open(JournalPath, TimeSpan.Zero);
            Assert.Equal(Path.GetFullPath(JournalPath), second.Path);
        }

        [Fact]
        public void A_line_torn_by_a_crash_is_counted_and_the_next_run_starts_on_a_fresh_line()
        {
            WriteSample();
            File.AppendAllText(JournalPath, "{\"journalId\":\"j-4\",\"phase\":\"sta");
            using (var journal = ResponseJournal.Open(JournalPath, TimeSpan.Zero))
            {
                journal.WriteStarted(Record("j-5", Monday.AddHours(3), ResponseAction.EnableUser, "u-9"));
            }

            var statistics = new JournalReadStatistics();
            var records = JournalReader.Read(JournalPath, new JournalQuery(), statistics);

            Assert.Equal(new[] { "j-1", "j-2", "j-3", "j-5" }, records.Select(r => r.JournalId));
            Assert.Equal(new[] { $"{JournalPath}:5" }, statistics.UnreadableLines);
        }

        [Theory]
        [InlineData("settings.yaml", "journalPath: audit/journal.jsonl\n")]
        [InlineData("settings.json", "{ \"journalPath\": \"audit/journal.jsonl\" }")]
        public void A_settings_file_names_the_journal_relative_to_itself(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllText(path, content);

            var settings = EntraGuardSettings.Load(path);

            Assert.Equal("audit/journal.jsonl", settings.JournalPath);
            Assert.Equal(Path.Combine(_folder, "audit/journal.jsonl"), settings.ResolveJournalPath());
            Assert.Null(new EntraGuardSettings().ResolveJournalPath());
        }

        [Fact]
        public void A_journal_that_does_not_exist_yet_reads_as_empty()
        {
            Assert.Empty(JournalReader.Read(JournalPath, new JournalQuery()));
        }

        [Fact]
        public void The_journal_its_new_folder_and_its_lock_are_created_for_the_owner_only()
        {
            if (OperatingSystem.IsWindows())
                return; // the local application data folder's ACL does this there

            WriteSample();

            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(JournalPath)!)
            );
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JournalPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JournalPath + ".lock"));
            // A folder that already existed keeps the permissions its owner gave it.
            Assert.NotEqual(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetTempPath())
            );
        }
    }
}
