using System;
using System.IO;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    public sealed class PostureSettingsLoaderTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private static string ErrorOf(string yaml) =>
            Assert.Throws<PostureConfigException>(() => PostureSettingsLoader.Parse(yaml, "entraguard.yaml")).Message;

        [Fact]
        public void Reads_every_setting_from_yaml()
        {
            var path = _files.Write("entraguard.yaml", """
                # Rules and other sections belong to other parts of EntraGuard.
                rules:
                  - whatever
                posture:
                  breakGlassAccounts:
                    - 7F1C0000-0000-4000-8000-000000000001
                    - id: 7f1c0000-0000-4000-8000-000000000002
                      name: BG-02
                  maxSecretLifetimeDays: 90
                  minGlobalAdministrators: 3
                  maxGlobalAdministrators: 6
                  additionalPrivilegedRoles: [ c0570000-0000-4000-8000-00000000c001 ]
                  signInRiskLevels: [ High ]
                  userRiskLevels: [ high, medium ]
                  acceptedDeviations:
                    - check: egp010
                      target: 7a1b0000-0000-4000-8000-0000000000a1
                      justification: Vendor integration needs a two-year secret; rotation tracked in CHG-1234
                      expires: 2027-03-31
                """);

            var settings = PostureSettingsLoader.Load(path);

            Assert.Equal(new[] { "7f1c0000-0000-4000-8000-000000000001 ", "BG-02 (7f1c0000-0000-4000-8000-000000000002)" },
                new[] { settings.BreakGlassAccounts[0].Id + " ", settings.BreakGlassAccounts[1].ToString() });
            Assert.True(settings.IsBreakGlass("7f1c0000-0000-4000-8000-000000000001"));
            Assert.Equal(90, settings.MaxSecretLifetimeDays);
            Assert.Equal((3, 6), (settings.MinGlobalAdministrators, settings.MaxGlobalAdministrators));
            Assert.Equal(16, settings.PrivilegedRoleIds.Count);
            Assert.Equal(new[] { "high" }, settings.SignInRiskLevels);
            Assert.Equal(new[] { "high", "medium" }, settings.UserRiskLevels);
            var deviation = Assert.Single(settings.AcceptedDeviations);
            Assert.Equal("EGP010 / 7a1b0000-0000-4000-8000-0000000000a1 until 2027-03-31: Vendor integration needs a two-year secret; rotation tracked in CHG-1234", deviation.ToString());
            Assert.Equal(path, settings.SourcePath);
        }

        [Fact]
        public void Reads_json_with_tabs_and_pascal_case_keys()
        {
            var settings = PostureSettingsLoader.Parse("{\n\t\"Posture\": {\n\t\t\"MaxSecretLifetimeDays\": 30,\n\t\t\"breakGlassAccounts\": [\"7f1c0000-0000-4000-8000-000000000001\"]\n\t}\n}", "entraguard.json");

            Assert.Equal(30, settings.MaxSecretLifetimeDays);
            Assert.Single(settings.BreakGlassAccounts);
        }

        [Fact]
        public void Keeps_defaults_for_keys_left_out()
        {
            var settings = PostureSettingsLoader.Parse("posture:\n  maxSecretLifetimeDays: 365\n", "entraguard.yaml");

            Assert.Equal(365, settings.MaxSecretLifetimeDays);
            Assert.Equal(new[] { "high", "medium" }, settings.SignInRiskLevels);
            Assert.Empty(settings.BreakGlassAccounts);
        }

        [Fact]
        public void A_misspelt_key_is_named_with_a_suggestion()
        {
            Assert.Equal("entraguard.yaml: line 2, column 3: posture.maxSecretLifetimeDay: unknown key; did you mean 'maxSecretLifetimeDays'? " +
                         "Known keys: breakGlassAccounts, maxSecretLifetimeDays, minGlobalAdministrators, maxGlobalAdministrators, additionalPrivilegedRoles, " +
                         "signInRiskLevels, userRiskLevels, acceptedDeviations",
                ErrorOf("posture:\n  maxSecretLifetimeDay: 90\n"));
        }

        [Theory]
        [InlineData("posture:\n  maxSecretLifetimeDays: ninety\n",
            "entraguard.yaml: line 2, column 26: posture.maxSecretLifetimeDays: 'ninety' is not a whole number from 1 to 3650")]
        [InlineData("posture:\n  maxSecretLifetimeDays: 0\n",
            "entraguard.yaml: line 2, column 26: posture.maxSecretLifetimeDays: '0' is not a whole number from 1 to 3650")]
        [InlineData("posture:\n  breakGlassAccounts:\n    - alice@contoso.com\n",
            "entraguard.yaml: line 3, column 7: posture.breakGlassAccounts[0]: 'alice@contoso.com' is not an object id of a user or group (a GUID such as 00000000-0000-0000-0000-000000000000)")]
        [InlineData("posture:\n  breakGlassAccounts:\n    - name: BG\n",
            "entraguard.yaml: line 3, column 7: posture.breakGlassAccounts[0].id: missing: every break-glass account needs the object id of its user or group")]
        [InlineData("posture:\n  breakGlassAccounts: 7f1c0000-0000-4000-8000-000000000001\n",
            "entraguard.yaml: line 2, column 23: posture.breakGlassAccounts: expected a list, found '7f1c0000-0000-4000-8000-000000000001'")]
        [InlineData("posture:\n  signInRiskLevels: [ severe ]\n",
            "entraguard.yaml: line 2, column 23: posture.signInRiskLevels[0]: 'severe' is not a risk level (low, medium or high)")]
        [InlineData("posture:\n  minGlobalAdministrators: 5\n  maxGlobalAdministrators: 3\n",
            "entraguard.yaml: line 3, column 28: posture.maxGlobalAdministrators: '3' is less than minGlobalAdministrators (5)")]
        [InlineData("rules: []\n",
            "entraguard.yaml: line 1, column 1: (file): there is no 'posture:' section; posture settings live under a top-level 'posture:' key")]
        [InlineData("posture: [1, 2]\n",
            "entraguard.yaml: line 1, column 10: posture: expected a mapping of keys, found a list")]
        [InlineData("posture:\n  maxSecretLifetimeDays: 90\n  MaxSecretLifetimeDays: 91\n",
            "entraguard.yaml: line 3, column 3: posture.maxSecretLifetimeDays: the key appears twice")]
        public void Bad_values_are_named_by_file_line_key_and_value(string yaml, string message)
        {
            Assert.Equal(message, ErrorOf(yaml));
        }

        [Theory]
        [InlineData("    - check: EGP099\n      justification: x\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 3, column 14: posture.acceptedDeviations[0].check: 'EGP099' is not a posture check id. Known ids: EGP001, EGP002, EGP003, EGP004, EGP005, EGP006, EGP007, EGP008, EGP009, EGP010, EGP011, EGP012, EGP013, EGP014")]
        [InlineData("    - check: EGP010\n      justification: x\n      expires: 31/03/2027\n",
            "entraguard.yaml: line 5, column 16: posture.acceptedDeviations[0].expires: '31/03/2027' is not a date (expected yyyy-MM-dd)")]
        [InlineData("    - check: EGP010\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 3, column 7: posture.acceptedDeviations[0].justification: missing: say why the deviation is acceptable")]
        [InlineData("    - check: EGP010\n      justification: x\n",
            "entraguard.yaml: line 3, column 7: posture.acceptedDeviations[0].expires: missing: give the last day the deviation applies (yyyy-MM-dd), so that it gets reviewed")]
        [InlineData("    - check: EGP010\n      justification: \"  \"\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 4, column 22: posture.acceptedDeviations[0].justification: is empty: say why the deviation is acceptable")]
        [InlineData("    - check: EGP010\n      justification: x\n      expires: 2027-01-01\n      reviewer: me\n",
            "entraguard.yaml: line 6, column 7: posture.acceptedDeviations[0].reviewer: unknown key. Known keys: check, target, justification, expires")]
        public void Bad_deviations_are_named_by_entry_and_field(string entry, string message)
        {
            Assert.Equal(message, ErrorOf("posture:\n  acceptedDeviations:\n" + entry));
        }

        [Fact]
        public void An_exact_duplicate_key_is_a_syntax_error_with_its_position()
        {
            Assert.StartsWith("entraguard.yaml: line 3, column 3: (syntax): Duplicate key",
                ErrorOf("posture:\n  maxSecretLifetimeDays: 90\n  maxSecretLifetimeDays: 91\n"));
        }

        [Fact]
        public void Syntax_errors_carry_the_position()
        {
            var message = ErrorOf("posture:\n  maxSecretLifetimeDays: [90\n");

            Assert.StartsWith("entraguard.yaml: line ", message);
            Assert.Contains(": (syntax): ", message);
        }

        [Fact]
        public void A_missing_file_says_which()
        {
            var path = Path.Combine(_files.Root, "absent.yaml");

            var error = Assert.Throws<FileNotFoundException>(() => PostureSettingsLoader.Load(path));

            Assert.Equal($"Posture settings file not found: {path}", error.Message);
        }
    }
}
