using System;
using System.IO;
using EntraGuard.Detection;
using EntraGuard.Posture;

namespace EntraGuard.Tests.Posture
{
    /// <summary>The posture section of EntraGuard's settings file: read from YAML and JSON, and every mistake
    /// named.</summary>
    public sealed class PostureSettingsFileTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        private PostureSettings Load(string text, string name = "entraguard.yaml") =>
            EntraGuardSettings.Load(_files.Write(name, text)).Posture;

        /// <summary>The error for a settings text, with the temporary folder taken out of the file name.</summary>
        private string ErrorOf(string text, string name = "entraguard.yaml")
        {
            var path = _files.Write(name, text);
            var error = Assert.Throws<SettingsFormatException>(() => EntraGuardSettings.Load(path));
            return error.Message.Replace(path, name);
        }

        [Fact]
        public void Reads_every_setting_beside_the_detection_settings()
        {
            var settings = EntraGuardSettings.Load(
                _files.Write(
                    "entraguard.yaml",
                    """
                    historyDays: 14
                    posture:
                      breakGlassAccounts:
                        - 7F1C0000-0000-4000-8000-000000000001
                        - id: 7f1c0000-0000-4000-8000-000000000002
                          name: BG-02
                        - emergency1@contoso.com
                        - userPrincipalName: emergency2@contoso.com
                          name: BG-03
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
                      approvedPublicGroups: [ 6A0C0000-0000-4000-8000-0000000000C2 ]
                    """
                )
            );

            var posture = settings.Posture;
            Assert.Equal(14, settings.HistoryDays);
            Assert.Equal("7f1c0000-0000-4000-8000-000000000001", posture.BreakGlassAccounts[0].Id);
            Assert.Equal("BG-02 (7f1c0000-0000-4000-8000-000000000002)", posture.BreakGlassAccounts[1].ToString());
            Assert.True(posture.IsBreakGlass("7F1C0000-0000-4000-8000-000000000001"));
            Assert.Equal("emergency1@contoso.com", posture.BreakGlassAccounts[2].UserPrincipalName);
            Assert.False(posture.BreakGlassAccounts[2].IsResolved);
            Assert.Equal("BG-03 (emergency2@contoso.com)", posture.BreakGlassAccounts[3].ToString());
            Assert.Equal(90, posture.MaxSecretLifetimeDays);
            Assert.Equal((3, 6), (posture.MinGlobalAdministrators, posture.MaxGlobalAdministrators));
            Assert.Equal(16, posture.PrivilegedRoleIds.Count);
            Assert.Equal(new[] { "high" }, posture.SignInRiskLevels);
            Assert.Equal(new[] { "high", "medium" }, posture.UserRiskLevels);
            Assert.Equal(new[] { "6a0c0000-0000-4000-8000-0000000000c2" }, posture.ApprovedPublicGroups);
            var deviation = Assert.Single(posture.AcceptedDeviations);
            Assert.Equal(
                "EGP010 / 7a1b0000-0000-4000-8000-0000000000a1 until 2027-03-31: Vendor integration needs a "
                    + "two-year secret; rotation tracked in CHG-1234",
                deviation.ToString()
            );
        }

        [Fact]
        public void Reads_json_with_pascal_case_keys()
        {
            var posture = Load(
                "{\n\t\"Posture\": {\n\t\t\"MaxSecretLifetimeDays\": 30,\n\t\t\"breakGlassAccounts\": "
                    + "[\"7f1c0000-0000-4000-8000-000000000001\"]\n\t}\n}",
                "entraguard.json"
            );

            Assert.Equal(30, posture.MaxSecretLifetimeDays);
            Assert.Single(posture.BreakGlassAccounts);
        }

        [Fact]
        public void Keeps_defaults_for_keys_left_out_and_for_files_without_the_section()
        {
            var partial = Load("posture:\n  maxSecretLifetimeDays: 365\n");
            var none = Load("historyDays: 5\n");
            var empty = Load("posture:\n");

            Assert.Equal(365, partial.MaxSecretLifetimeDays);
            Assert.Equal(new[] { "high", "medium" }, partial.SignInRiskLevels);
            Assert.Same(PostureSettings.Default, none);
            Assert.Same(PostureSettings.Default, empty);
        }

        [Fact]
        public void A_misspelt_key_is_named_with_a_suggestion()
        {
            Assert.Equal(
                "entraguard.yaml: line 2: field 'posture.maxSecretLifetimeDay': is not a known field; did you mean "
                    + "'maxSecretLifetimeDays'? (known: breakGlassAccounts, maxSecretLifetimeDays, "
                    + "minGlobalAdministrators, maxGlobalAdministrators, additionalPrivilegedRoles, signInRiskLevels, "
                    + "userRiskLevels, acceptedDeviations, severityOverrides, approvedPublicGroups)",
                ErrorOf("posture:\n  maxSecretLifetimeDay: 90\n")
            );
        }

        [Theory]
        [InlineData(
            "posture:\n  maxSecretLifetimeDays: ninety\n",
            "entraguard.yaml: line 2: field 'posture.maxSecretLifetimeDays': 'ninety' is not a whole number from 1 "
                + "to 3650"
        )]
        [InlineData(
            "posture:\n  maxSecretLifetimeDays: 0\n",
            "entraguard.yaml: line 2: field 'posture.maxSecretLifetimeDays': '0' is not a whole number from 1 to 3650"
        )]
        [InlineData(
            "posture:\n  approvedPublicGroups: [ All Company ]\n",
            "entraguard.yaml: line 2: field 'posture.approvedPublicGroups[0]': 'All Company' is not a group object id "
                + "(a GUID such as 00000000-0000-0000-0000-000000000000)"
        )]
        [InlineData(
            "posture:\n  breakGlassAccounts:\n    - alice\n",
            "entraguard.yaml: line 3: field 'posture.breakGlassAccounts[0]': 'alice' is not an object id of a user "
                + "or group (a GUID such as 00000000-0000-0000-0000-000000000000) or a user's userPrincipalName "
                + "(name@domain)"
        )]
        [InlineData(
            "posture:\n  breakGlassAccounts:\n    - name: BG\n",
            "entraguard.yaml: line 3: field 'posture.breakGlassAccounts[0].id': missing: every break-glass account "
                + "needs the object id of its user or group, or the user's userPrincipalName"
        )]
        [InlineData(
            "posture:\n  breakGlassAccounts:\n    - id: alice@contoso.com\n",
            "entraguard.yaml: line 3: field 'posture.breakGlassAccounts[0].id': 'alice@contoso.com' is not an "
                + "object id of a user or group (a GUID such as 00000000-0000-0000-0000-000000000000)"
        )]
        [InlineData(
            "posture:\n  breakGlassAccounts:\n    - userPrincipalName: bg@contoso.com\n"
                + "      id: 7f1c0000-0000-4000-8000-000000000001\n",
            "entraguard.yaml: line 3: field 'posture.breakGlassAccounts[0].userPrincipalName': give the id or the "
                + "userPrincipalName, not both"
        )]
        [InlineData(
            "posture:\n  breakGlassAccounts: 7f1c0000-0000-4000-8000-000000000001\n",
            "entraguard.yaml: line 2: field 'posture.breakGlassAccounts': expected a list, found "
                + "'7f1c0000-0000-4000-8000-000000000001'"
        )]
        [InlineData(
            "posture:\n  signInRiskLevels: [ severe ]\n",
            "entraguard.yaml: line 2: field 'posture.signInRiskLevels[0]': 'severe' is not a risk level (low, "
                + "medium or high)"
        )]
        [InlineData(
            "posture:\n  userRiskLevels: []\n",
            "entraguard.yaml: line 2: field 'posture.userRiskLevels': name at least one risk level (low, medium or "
                + "high)"
        )]
        [InlineData(
            "posture:\n  minGlobalAdministrators: 5\n  maxGlobalAdministrators: 3\n",
            "entraguard.yaml: line 3: field 'posture.maxGlobalAdministrators': 3 is less than "
                + "minGlobalAdministrators (5)"
        )]
        [InlineData(
            "posture: [1, 2]\n",
            "entraguard.yaml: line 1: field 'posture': expected a mapping of fields, found a list"
        )]
        [InlineData(
            "posture:\n  maxSecretLifetimeDays: 90\n  MaxSecretLifetimeDays: 91\n",
            "entraguard.yaml: line 3: field 'posture.MaxSecretLifetimeDays': the key appears twice (first on line 2)"
        )]
        public void Bad_values_are_named_by_file_line_key_and_value(string yaml, string message)
        {
            Assert.Equal(message, ErrorOf(yaml));
        }

        [Theory]
        [InlineData(
            "    - check: EGP999\n      justification: x\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 3: field 'posture.acceptedDeviations[0].check': 'EGP999' is not a posture check id. "
                + "Known ids: EGP001, EGP002, EGP003, EGP004, EGP005, EGP006, EGP007, EGP008, EGP009, EGP010, EGP011, "
                + "EGP012, EGP013, EGP014, EGP015, EGP016, EGP017, EGP018, EGP019, EGP020, EGP021, EGP022, EGP023, "
                + "EGP024, EGP025, EGP026, EGP027, EGP028, EGP029, EGP030, EGP031, EGP032, EGP033, EGP034, EGP035, "
                + "EGP036, EGP037, EGP038, EGP039, EGP040, EGP041, EGP042, EGP043, EGP044, EGP045, EGP046, EGP047, "
                + "EGP048, EGP049, EGP050, EGP051, EGP052, EGP053, EGP054, EGP055, EGP056, EGP057, EGP058, EGP059, "
                + "EGP060, EGP061, EGP062, EGP063, EGP064, EGP065, EGP066, EGP067, EGP068, EGP069, EGP070, EGP071, "
                + "EGP072, EGP073, EGP074, EGP075, EGP076, EGP077, EGP078, EGP079, EGP080, EGP081, EGP082, EGP083, "
                + "EGP084, EGP085, EGP086, EGP087, EGP088, EGP090, EGP091, EGP092, EGP093, EGP094, EGP095, EGP096, "
                + "EGP097, EGP098, EGP103, EGP104, EGP105, EGP106, EGP107, EGP108, EGP110, EGP111, EGP112, EGP113"
        )]
        [InlineData(
            "    - check: EGP010\n      justification: x\n      expires: 31/03/2027\n",
            "entraguard.yaml: line 5: field 'posture.acceptedDeviations[0].expires': '31/03/2027' is not a date "
                + "(expected yyyy-MM-dd)"
        )]
        [InlineData(
            "    - check: EGP010\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 3: field 'posture.acceptedDeviations[0].justification': missing: say why the "
                + "deviation is acceptable"
        )]
        [InlineData(
            "    - check: EGP010\n      justification: x\n",
            "entraguard.yaml: line 3: field 'posture.acceptedDeviations[0].expires': missing: give the last day "
                + "the deviation applies (yyyy-MM-dd), so that it gets reviewed"
        )]
        [InlineData(
            "    - check: EGP010\n      justification: \"  \"\n      expires: 2027-01-01\n",
            "entraguard.yaml: line 4: field 'posture.acceptedDeviations[0].justification': is empty: say why the "
                + "deviation is acceptable"
        )]
        [InlineData(
            "    - check: EGP010\n      justification: x\n      expires: 2027-01-01\n      reviewer: me\n",
            "entraguard.yaml: line 6: field 'posture.acceptedDeviations[0].reviewer': is not a known field "
                + "(known: check, target, justification, expires)"
        )]
        public void Bad_deviations_are_named_by_entry_and_field(string entry, string message)
        {
            Assert.Equal(message, ErrorOf("posture:\n  acceptedDeviations:\n" + entry));
        }

        [Fact]
        public void Json_errors_name_the_key_and_value()
        {
            var message = ErrorOf(
                "{\n  \"posture\": {\n    \"maxSecretLifetimeDays\": \"ninety\"\n  }\n}",
                "entraguard.json"
            );

            Assert.Equal(
                "entraguard.json: line 3: field 'posture.maxSecretLifetimeDays': 'ninety' is not a whole number "
                    + "from 1 to 3650",
                message
            );
        }

        [Fact]
        public void A_severity_override_is_read_per_check_and_a_bad_one_is_named()
        {
            var posture = Load("posture:\n  severityOverrides:\n    egp017: High\n    EGP010: informational\n");

            Assert.Equal(Severity.High, posture.SeverityOverrides["EGP017"]);
            Assert.Equal(Severity.Informational, posture.SeverityOf(PostureCatalog.Find("EGP010")!));
            Assert.Equal(PostureCatalog.Find("EGP001")!.Severity, posture.SeverityOf(PostureCatalog.Find("EGP001")!));
            Assert.Equal(
                "entraguard.yaml: line 3: field 'posture.severityOverrides.EGP017': 'urgent' is not a severity "
                    + "(use informational, low, medium, high or critical)",
                ErrorOf("posture:\n  severityOverrides:\n    EGP017: urgent\n")
            );
            Assert.StartsWith(
                "entraguard.yaml: line 3: field 'posture.severityOverrides.EGP999': is not a known field",
                ErrorOf("posture:\n  severityOverrides:\n    EGP999: low\n")
            );
        }

        [Fact]
        public void A_misspelt_section_is_an_unknown_key_of_the_file()
        {
            Assert.StartsWith("entraguard.yaml: line 1: ", ErrorOf("postur:\n  maxSecretLifetimeDays: 90\n"));
        }
    }
}
