using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace EntraGuard.SampleData
{
    /// <summary>
    /// A deterministic synthetic Entra tenant ("Fabrikam"): 14 days of ordinary directory activity with a planted
    /// intrusion on 13–14 November 2026. The same seed always yields the same events, byte for byte.
    /// </summary>
    public sealed class SyntheticTenant
    {
        public const string TenantId = "5b7c1e2a-8d3f-4a6b-9c0e-1f2a3b4c5d6e";
        public const string Domain = "fabrikam.example";
        public const string AttackerIp = "203.0.113.77";
        public const string AttackerUserAgent = "python-requests/2.31.0";
        public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        public const int Days = 14;

        private readonly Random _random;
        private readonly List<JsonObject> _events = new();
        private readonly Dictionary<string, string> _currentKey = new(); // service principal -> its live rotation key
        private readonly HashSet<string> _notableIds = new(StringComparer.Ordinal);

        public SyntheticTenant(int seed = 20261113)
        {
            _random = new Random(seed);
            Users = Enumerable
                .Range(0, UserNames.Length)
                .Select(i => new Principal(NewGuid(), UserNames[i], $"{UserNames[i]}@{Domain}"))
                .ToArray();
            Groups = GroupNames.Select(name => new Principal(NewGuid(), name, null)).ToArray();
            Apps = AppNames.Select(name => new App(NewGuid(), NewGuid(), NewGuid(), name)).ToArray();
        }

        public IReadOnlyList<Principal> Users { get; }
        public IReadOnlyList<Principal> Groups { get; }
        public IReadOnlyList<App> Apps { get; }

        /// <summary>Every credential added to a service principal, in the order generated (for the sign-ins that use
        /// them).</summary>
        public IReadOnlyList<CredentialAdd> CredentialAdds => _credentialAdds;

        private readonly List<CredentialAdd> _credentialAdds = new();

        /// <summary>The attacker's secret on Payroll-Sync ("backup").</summary>
        public string RogueKeyId { get; private set; } = "";

        /// <summary>
        /// Whether the event is part of the planted intrusion or of the benign activity detections notice (as opposed
        /// to background and the daily rotation).
        /// </summary>
        public bool IsNotable(JsonObject auditEvent) => _notableIds.Contains((string)auditEvent["id"]!);

        public Principal User(string name) => Users.First(u => u.Name == name);

        public Principal Group(string name) => Groups.First(g => g.Name == name);

        public App AppNamed(string name) => Apps.First(a => a.Name == name);

        private static readonly string[] UserNames =
        {
            "it.admin",
            "grace.admin",
            "megan.bowen",
            "adele.vance",
            "alex.wilber",
            "lee.gu",
            "diego.siciliani",
            "lynne.robbins",
            "nestor.wilke",
            "patti.fernandez",
            "pradeep.gupta",
            "miriam.graham",
            "johanna.lorenz",
            "joni.sherman",
            "isaiah.langer",
            "henrietta.mueller",
            "christie.cline",
            "allan.deyoung",
            "irvin.sayers",
            "lidia.holloway",
            "debra.berger",
            "emily.braun",
            "enrico.cattaneo",
            "cameron.white",
            "raul.razo",
            "brian.johnson",
            "ben.walters",
            "sara.davis",
            "karen.berg",
            "molly.dempsey",
            "kai.carter",
            "anne.wallace",
            "soc.analyst1",
            "soc.analyst2",
            "soc.analyst3",
            "soc.analyst4",
            "soc.analyst5",
            "soc.analyst6",
            "breakglass1",
            "breakglass2",
        };

        private static readonly string[] GroupNames =
        {
            "Tier0-Admins",
            "SOC-Analysts",
            "Project-Phoenix",
            "Finance-Readers",
            "All-Staff",
            "Sales-EMEA",
            "Engineering",
            "Contractors",
            "VPN-Users",
            "M365-Licensed",
        };

        private static readonly string[] AppNames =
        {
            "svc-keyrotation",
            "Payroll-Sync",
            "HR-Connector",
            "Backup-Agent",
            "Mail-Relay",
            "Legacy-Reporting",
            "Expense-Portal",
            "Backup-Helper",
            "Microsoft Substrate Management",
            "Azure AD Cloud Sync",
        };

        private static readonly string[] AdminAgents =
        {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 "
                + "Safari/537.36 Edg/142.0.0.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
                + "Safari/605.1.15",
        };

        /// <summary>Every event of the 14 days, oldest first (writers reorder as their format does).</summary>
        public IReadOnlyList<JsonObject> Generate()
        {
            if (_events.Count > 0)
                return _events;
            foreach (var sp in new[] { "Payroll-Sync", "HR-Connector", "Backup-Agent" })
                _currentKey[sp] = NewGuid();

            for (var day = 0; day < Days; day++)
            {
                var date = Start.AddDays(day);
                Background(date, day);
                Rotation(date, day);
            }
            var ordinary = _events.Count;
            BenignNotables();
            Intrusion();
            foreach (var notable in _events.Skip(ordinary))
                _notableIds.Add((string)notable["id"]!);
            _events.Sort(
                (a, b) => string.CompareOrdinal((string)a["activityDateTime"]!, (string)b["activityDateTime"]!)
            );
            return _events;
        }

        // ---- the planted intrusion -----------------------------------------------------------------------------

        private void Intrusion()
        {
            var megan = User("megan.bowen");
            var day13 = new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero);
            var payroll = AppNamed("Payroll-Sync");
            var helper = AppNamed("Backup-Helper");

            // Rogue secret on a service principal megan never touched before, and on its application object.
            var rogueKey = NewGuid();
            RogueKeyId = rogueKey;
            AddSpCredential(
                day13.AddHours(2).AddMinutes(11).AddSeconds(7),
                UserActor(megan, AttackerIp),
                payroll,
                oldKeys: new[] { _currentKeyOn12th! },
                newKey: (rogueKey, "Password", "backup"),
                AttackerUserAgent
            );
            AppCredentialUpdate(
                day13.AddHours(2).AddMinutes(12).AddSeconds(40),
                UserActor(megan, AttackerIp),
                payroll,
                NewGuid(),
                "Password",
                "sync",
                AttackerUserAgent
            );

            // The legitimate rotation key is removed, so only the attacker's secret still works.
            RemoveSpCredential(
                day13.AddHours(2).AddMinutes(14).AddSeconds(2),
                UserActor(megan, AttackerIp),
                payroll,
                oldKeys: new[] { _currentKeyOn12th!, rogueKey },
                removedKey: _currentKeyOn12th!,
                AttackerUserAgent
            );

            // A new application for persistence: registered, owned, consented, given its first credential.
            AddApplication(
                day13.AddHours(2).AddMinutes(20).AddSeconds(31),
                UserActor(megan, AttackerIp),
                helper,
                AttackerUserAgent
            );
            AddOwnerToApplication(
                day13.AddHours(2).AddMinutes(21).AddSeconds(5),
                UserActor(megan, AttackerIp),
                helper,
                megan,
                AttackerUserAgent
            );
            ConsentToApplication(
                day13.AddHours(2).AddMinutes(22).AddSeconds(18),
                UserActor(megan, AttackerIp),
                helper,
                megan,
                admin: false,
                scopes: "Mail.Read Mail.Send Files.ReadWrite.All offline_access",
                AttackerUserAgent
            );
            AddSpCredential(
                day13.AddHours(2).AddMinutes(23).AddSeconds(44),
                UserActor(megan, AttackerIp),
                helper,
                oldKeys: Array.Empty<string>(),
                newKey: (NewGuid(), "Password", "helper"),
                AttackerUserAgent
            );

            // Defenders pushed out: a Tier-0 admin removed, then a burst of SOC analysts.
            RemoveMember(
                day13.AddHours(2).AddMinutes(30).AddSeconds(12),
                UserActor(megan, AttackerIp),
                Group("Tier0-Admins"),
                User("alex.wilber"),
                AttackerUserAgent
            );
            for (var i = 0; i < 6; i++)
            {
                RemoveMember(
                    day13.AddHours(2).AddMinutes(35 + i).AddSeconds(9 + 7 * i),
                    UserActor(megan, AttackerIp),
                    Group("SOC-Analysts"),
                    User($"soc.analyst{i + 1}"),
                    AttackerUserAgent
                );
            }

            // A user's authenticator swapped for an attacker-controlled phone.
            var day14 = day13.AddDays(1);
            var adele = User("adele.vance");
            SecurityInfo(
                day14.AddHours(9).AddMinutes(5).AddSeconds(3),
                UserActor(adele, "198.51.100.23"),
                adele,
                "User deleted security info",
                "User deleted Microsoft Authenticator App",
                AttackerUserAgent
            );
            SecurityInfo(
                day14.AddHours(9).AddMinutes(9).AddSeconds(41),
                UserActor(adele, "198.51.100.23"),
                adele,
                "User registered security info",
                "User registered Mobile Phone SMS",
                AttackerUserAgent
            );

            // megan mints a temporary access pass for another user and removes that user's phone method.
            var lee = User("lee.gu");
            SecurityInfo(
                day14.AddHours(9).AddMinutes(30).AddSeconds(15),
                UserActor(megan, AttackerIp),
                lee,
                "Admin registered security info",
                "Admin registered temporary access pass method for user",
                AttackerUserAgent
            );
            SecurityInfo(
                day14.AddHours(9).AddMinutes(31).AddSeconds(2),
                UserActor(megan, AttackerIp),
                lee,
                "Admin deleted security info",
                "Admin deleted Mobile Phone method for user",
                AttackerUserAgent
            );

            // An application token used to plant a certificate on another service principal.
            var legacy = AppNamed("Legacy-Reporting");
            AddSpCredential(
                day14.AddHours(11).AddSeconds(27),
                AppActor(legacy),
                AppNamed("Mail-Relay"),
                oldKeys: new[] { "4b1d0c1e-0000-4000-8000-00000000a001" },
                newKey: (NewGuid(), "AsymmetricX509Cert", "CN=mail-relay-2"),
                "Microsoft Azure Graph Client Library 1.0"
            );
        }

        private string? _currentKeyOn12th;

        // ---- benign activity that detections are expected to notice ----------------------------------------------

        private void BenignNotables()
        {
            var admin = User("it.admin");
            var expense = AppNamed("Expense-Portal");
            var day3 = Start.AddDays(2);
            AddApplication(day3.AddHours(14).AddMinutes(2), UserActor(admin, "10.20.30.40"), expense, AdminAgents[0]);
            AddSpCredential(
                day3.AddHours(14).AddMinutes(6),
                UserActor(admin, "10.20.30.40"),
                expense,
                oldKeys: Array.Empty<string>(),
                newKey: (NewGuid(), "Password", "prod"),
                AdminAgents[0]
            );
            ConsentToApplication(
                day3.AddHours(14).AddMinutes(9),
                UserActor(admin, "10.20.30.40"),
                expense,
                admin,
                admin: true,
                scopes: "User.Read",
                AdminAgents[0]
            );

            // Ordinary membership housekeeping: three removals in two weeks.
            RemoveMember(
                Start.AddDays(1).AddHours(10).AddMinutes(15),
                UserActor(admin, "10.20.30.40"),
                Group("Project-Phoenix"),
                User("cameron.white"),
                AdminAgents[0]
            );
            RemoveMember(
                Start.AddDays(6).AddHours(16).AddMinutes(40),
                UserActor(admin, "10.20.30.40"),
                Group("Contractors"),
                User("raul.razo"),
                AdminAgents[0]
            );
            RemoveMember(
                Start.AddDays(10).AddHours(9).AddMinutes(5),
                UserActor(User("grace.admin"), "10.20.30.41"),
                Group("Sales-EMEA"),
                User("karen.berg"),
                AdminAgents[1]
            );

            // A user replaces a lost phone: deleted on the 5th, registered again three days later.
            var diego = User("diego.siciliani");
            SecurityInfo(
                Start.AddDays(4).AddHours(8).AddMinutes(12),
                UserActor(diego, "10.20.31.7"),
                diego,
                "User deleted security info",
                "User deleted Mobile Phone SMS",
                AdminAgents[1]
            );
            SecurityInfo(
                Start.AddDays(7).AddHours(8).AddMinutes(44),
                UserActor(diego, "10.20.31.7"),
                diego,
                "User registered security info",
                "User registered Mobile Phone SMS",
                AdminAgents[1]
            );
        }

        // Daily 03:00 rotation by the automation app: a new secret, then the previous one removed. One failure.
        private void Rotation(DateTimeOffset date, int day)
        {
            var rotator = AppActor(AppNamed("svc-keyrotation"));
            var when = date.AddHours(3);
            foreach (var name in new[] { "Payroll-Sync", "HR-Connector", "Backup-Agent" })
            {
                var sp = AppNamed(name);
                var previous = _currentKey[name];
                if (day == 6 && name == "HR-Connector")
                {
                    AddSpCredential(
                        when.AddSeconds(5),
                        rotator,
                        sp,
                        new[] { previous },
                        (NewGuid(), "Password", "rotated"),
                        "svc-keyrotation/2.4",
                        result: "failure"
                    );
                    continue;
                }
                var next = NewGuid();
                AddSpCredential(
                    when.AddSeconds(_random.Next(1, 50)),
                    rotator,
                    sp,
                    new[] { previous },
                    (next, "Password", "rotated"),
                    "svc-keyrotation/2.4"
                );
                RemoveSpCredential(
                    when.AddMinutes(2).AddSeconds(_random.Next(0, 50)),
                    rotator,
                    sp,
                    new[] { previous, next },
                    previous,
                    "svc-keyrotation/2.4"
                );
                _currentKey[name] = next;
                when = when.AddMinutes(4);
            }
            if (date.Day == 12)
                _currentKeyOn12th = _currentKey["Payroll-Sync"];
        }

        // ---- unrelated background ------------------------------------------------------------------------------

        private void Background(DateTimeOffset date, int day)
        {
            var sync = AppActor(AppNamed("Azure AD Cloud Sync"));
            var substrate = AppActor(AppNamed("Microsoft Substrate Management"));
            for (var i = 0; i < 150; i++)
            {
                var user = Users[_random.Next(Users.Count)];
                var actor =
                    _random.Next(4) == 0
                        ? UserActor(User(_random.Next(2) == 0 ? "it.admin" : "grace.admin"), "10.20.30.40")
                        : (_random.Next(2) == 0 ? sync : substrate);
                Simple(
                    At(date),
                    "Update user",
                    "UserManagement",
                    "Update",
                    actor,
                    Target(
                        "User",
                        user.Id,
                        user.Name,
                        user.Upn,
                        ("AccountEnabled", "[true]", "[true]"),
                        ("Included Updated Properties", "", "\"Department\"")
                    )
                );
            }
            for (var i = 0; i < 60; i++)
            {
                var user = Users[_random.Next(Users.Count)];
                var group = Groups[_random.Next(3, Groups.Count)];
                Simple(
                    At(date),
                    "Add member to group",
                    "GroupManagement",
                    "Assign",
                    UserActor(User("it.admin"), "10.20.30.40"),
                    Target(
                        "User",
                        user.Id,
                        null,
                        user.Upn,
                        ("Group.ObjectID", null, Quote(group.Id)),
                        ("Group.DisplayName", null, Quote(group.Name))
                    ),
                    Target("Group", group.Id, group.Name, null)
                );
            }
            foreach (
                var (activity, count, service, category) in new[]
                {
                    ("Update device", 40, "Core Directory", "Device"),
                    ("Register device", 12, "Device Registration Service", "Device"),
                    ("Add registered owner to device", 12, "Core Directory", "Device"),
                    ("User registered security info", 10, "Authentication Methods", "UserManagement"),
                    ("User changed default security info", 8, "Authentication Methods", "UserManagement"),
                    ("Reset password (self-service)", 12, "Self-service Password Management", "UserManagement"),
                    ("Change user password", 10, "Core Directory", "UserManagement"),
                    ("Update StsRefreshTokenValidFrom Timestamp", 14, "Core Directory", "UserManagement"),
                    ("Update service principal", 8, "Core Directory", "ApplicationManagement"),
                    ("Update application", 6, "Core Directory", "ApplicationManagement"),
                    ("Add app role assignment to service principal", 6, "Core Directory", "ApplicationManagement"),
                    ("Update policy", 4, "Core Directory", "Policy"),
                    ("Update conditional access policy", 2, "Conditional Access", "Policy"),
                }
            )
            {
                for (var i = 0; i < count; i++)
                {
                    var user = Users[_random.Next(8, Users.Count)];
                    var self = service is "Authentication Methods" or "Self-service Password Management";
                    var actor =
                        self ? UserActor(user, $"10.20.{_random.Next(30, 40)}.{_random.Next(2, 250)}")
                        : category == "Device" ? sync
                        : UserActor(User("it.admin"), "10.20.30.40");
                    var target =
                        category == "ApplicationManagement"
                            ? Target(
                                "ServicePrincipal",
                                Apps[_random.Next(1, 6)].ServicePrincipalId,
                                Apps[_random.Next(1, 6)].Name,
                                null
                            )
                            : Target("User", user.Id, user.Name, user.Upn);
                    var reason =
                        activity == "User registered security info" ? "User registered Microsoft Authenticator App"
                        : activity == "User changed default security info"
                            ? "User changed default method to Authenticator"
                        : "";
                    Simple(
                        At(date),
                        activity,
                        category,
                        "Update",
                        actor,
                        reason,
                        self ? AdminAgents[1] : AdminAgents[0],
                        target
                    );
                }
            }
        }

        // ---- activity builders ---------------------------------------------------------------------------------

        private void AddSpCredential(
            DateTimeOffset when,
            JsonObject actor,
            App sp,
            string[] oldKeys,
            (string Id, string Type, string Name) newKey,
            string userAgent,
            string result = "success"
        )
        {
            var newValue = oldKeys
                .Select(k => Describe(k, "Password", "rotated"))
                .Append(Describe(newKey.Id, newKey.Type, newKey.Name));
            if (result == "success")
                _credentialAdds.Add(new CredentialAdd(when, sp, newKey.Id, actor));
            Add(
                when,
                "Add service principal credentials",
                "ApplicationManagement",
                "Update",
                actor,
                result,
                "",
                userAgent,
                Target(
                    "ServicePrincipal",
                    sp.ServicePrincipalId,
                    sp.Name,
                    null,
                    (
                        "KeyDescription",
                        KeyList(oldKeys.Select(k => Describe(k, "Password", "rotated"))),
                        KeyList(newValue)
                    ),
                    ("Included Updated Properties", "", "\"KeyDescription\""),
                    ("TargetId.ServicePrincipalNames", "", Quote(sp.AppId))
                )
            );
        }

        private void RemoveSpCredential(
            DateTimeOffset when,
            JsonObject actor,
            App sp,
            string[] oldKeys,
            string removedKey,
            string userAgent
        )
        {
            var before = oldKeys.Select(k => Describe(k, "Password", "rotated"));
            var after = oldKeys.Where(k => k != removedKey).Select(k => Describe(k, "Password", "rotated"));
            Add(
                when,
                "Remove service principal credentials",
                "ApplicationManagement",
                "Update",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "ServicePrincipal",
                    sp.ServicePrincipalId,
                    sp.Name,
                    null,
                    ("KeyDescription", KeyList(before), KeyList(after)),
                    ("Included Updated Properties", "", "\"KeyDescription\""),
                    ("TargetId.ServicePrincipalNames", "", Quote(sp.AppId))
                )
            );
        }

        private void AppCredentialUpdate(
            DateTimeOffset when,
            JsonObject actor,
            App app,
            string keyId,
            string type,
            string name,
            string userAgent
        )
        {
            // Entra writes this activity name with an en dash and a trailing space.
            Add(
                when,
                "Update application \u2013 Certificates and secrets management ",
                "ApplicationManagement",
                "Update",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "Application",
                    app.ObjectId,
                    app.Name,
                    null,
                    ("KeyDescription", "[]", KeyList(new[] { Describe(keyId, type, name) })),
                    ("Included Updated Properties", "", "\"KeyDescription\"")
                )
            );
        }

        private void AddApplication(DateTimeOffset when, JsonObject actor, App app, string userAgent) =>
            Add(
                when,
                "Add application",
                "ApplicationManagement",
                "Add",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "Application",
                    app.ObjectId,
                    app.Name,
                    null,
                    ("AppId", "", Quote(app.AppId)),
                    ("DisplayName", "", Quote(app.Name)),
                    ("AvailableToOtherTenants", "", "[false]"),
                    ("Included Updated Properties", "", "\"AppId, DisplayName, AvailableToOtherTenants\"")
                )
            );

        private void AddOwnerToApplication(
            DateTimeOffset when,
            JsonObject actor,
            App app,
            Principal owner,
            string userAgent
        ) =>
            Add(
                when,
                "Add owner to application",
                "ApplicationManagement",
                "Add",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "User",
                    owner.Id,
                    null,
                    owner.Upn,
                    ("Application.ObjectID", "", Quote(app.ObjectId)),
                    ("Application.DisplayName", "", Quote(app.Name)),
                    ("Application.AppId", "", Quote(app.AppId))
                ),
                Target("Application", app.ObjectId, app.Name, null)
            );

        private void ConsentToApplication(
            DateTimeOffset when,
            JsonObject actor,
            App app,
            Principal user,
            bool admin,
            string scopes,
            string userAgent
        ) =>
            Add(
                when,
                "Consent to application",
                "ApplicationManagement",
                "Assign",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "ServicePrincipal",
                    app.ServicePrincipalId,
                    app.Name,
                    null,
                    ("ConsentContext.IsAdminConsent", "", Quote(admin ? "True" : "False")),
                    ("ConsentContext.OnBehalfOfAll", "", Quote(admin ? "True" : "False")),
                    (
                        "ConsentAction.Permissions",
                        "",
                        $"[[Id: {NewGuid()}, ClientId: {app.ServicePrincipalId}, PrincipalId: "
                            + $"{(admin ? "" : user.Id)}, ResourceId: 00000003-0000-0000-c000-000000000000, "
                            + $"ConsentType: {(admin ? "AllPrincipals" : "Principal")}, Scope: {scopes}]]"
                    ),
                    ("TargetId.ServicePrincipalNames", "", Quote(app.AppId))
                )
            );

        private void RemoveMember(
            DateTimeOffset when,
            JsonObject actor,
            Principal group,
            Principal member,
            string userAgent
        ) =>
            Add(
                when,
                "Remove member from group",
                "GroupManagement",
                "Unassign",
                actor,
                "success",
                "",
                userAgent,
                Target(
                    "User",
                    member.Id,
                    null,
                    member.Upn,
                    ("Group.ObjectID", Quote(group.Id), null),
                    ("Group.DisplayName", Quote(group.Name), null)
                ),
                Target("Group", group.Id, group.Name, null)
            );

        private void SecurityInfo(
            DateTimeOffset when,
            JsonObject actor,
            Principal user,
            string activity,
            string reason,
            string userAgent
        ) =>
            Add(
                when,
                activity,
                "UserManagement",
                "Update",
                actor,
                "success",
                reason,
                userAgent,
                Target("User", user.Id, user.Name, user.Upn),
                service: "Authentication Methods"
            );

        private void Simple(
            DateTimeOffset when,
            string activity,
            string category,
            string operation,
            JsonObject actor,
            params JsonObject[] targets
        ) => Simple(when, activity, category, operation, actor, "", AdminAgents[0], targets);

        private void Simple(
            DateTimeOffset when,
            string activity,
            string category,
            string operation,
            JsonObject actor,
            string reason,
            string userAgent,
            params JsonObject[] targets
        )
        {
            var service =
                category == "Device" && activity == "Register device" ? "Device Registration Service"
                : activity.Contains("security info") ? "Authentication Methods"
                : activity.StartsWith("Reset password", StringComparison.Ordinal) ? "Self-service Password Management"
                : activity.Contains("conditional access") ? "Conditional Access"
                : "Core Directory";
            Add(when, activity, category, operation, actor, "success", reason, userAgent, targets, service);
        }

        private void Add(
            DateTimeOffset when,
            string activity,
            string category,
            string operation,
            JsonObject actor,
            string result,
            string reason,
            string userAgent,
            params JsonObject[] targets
        ) => Add(when, activity, category, operation, actor, result, reason, userAgent, targets, "Core Directory");

        private void Add(
            DateTimeOffset when,
            string activity,
            string category,
            string operation,
            JsonObject actor,
            string result,
            string reason,
            string userAgent,
            JsonObject target,
            string service
        ) => Add(when, activity, category, operation, actor, result, reason, userAgent, new[] { target }, service);

        private void Add(
            DateTimeOffset when,
            string activity,
            string category,
            string operation,
            JsonObject actor,
            string result,
            string reason,
            string userAgent,
            JsonObject[] targets,
            string service
        )
        {
            var prefix = service switch
            {
                "Authentication Methods" => "UserManagement",
                "Self-service Password Management" => "SSPR",
                "Conditional Access" => "IPCGraph",
                _ => "Directory",
            };
            var details = new JsonArray(new JsonObject { ["key"] = "User-Agent", ["value"] = userAgent });
            if (service == "Core Directory")
                details.Add(new JsonObject { ["key"] = "AppId", ["value"] = "00000003-0000-0000-c000-000000000000" });
            _events.Add(
                new JsonObject
                {
                    ["id"] = $"{prefix}_{NewGuid()}_{_random.Next(10000, 99999)}",
                    ["category"] = category,
                    ["correlationId"] = NewGuid(),
                    ["result"] = result,
                    ["resultReason"] = reason,
                    ["activityDisplayName"] = activity,
                    ["activityDateTime"] = when.UtcDateTime.ToString(
                        "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
                        CultureInfo.InvariantCulture
                    ),
                    ["loggedByService"] = service,
                    ["operationType"] = operation,
                    ["initiatedBy"] = actor.DeepClone(),
                    ["targetResources"] = new JsonArray(targets.Select(t => (JsonNode)t).ToArray()),
                    ["additionalDetails"] = details,
                }
            );
        }

        // ---- small helpers -------------------------------------------------------------------------------------

        private DateTimeOffset At(DateTimeOffset date) =>
            date.AddSeconds(_random.Next(6 * 3600, 20 * 3600)).AddTicks(_random.Next(0, 10_000_000));

        private static JsonObject UserActor(Principal user, string ip) =>
            new()
            {
                ["user"] = new JsonObject
                {
                    ["id"] = user.Id,
                    ["displayName"] = null,
                    ["userPrincipalName"] = user.Upn,
                    ["ipAddress"] = ip,
                },
                ["app"] = null,
            };

        private static JsonObject AppActor(App app) =>
            new()
            {
                ["user"] = null,
                ["app"] = new JsonObject
                {
                    ["appId"] = app.AppId,
                    ["displayName"] = app.Name,
                    ["servicePrincipalId"] = app.ServicePrincipalId,
                    ["servicePrincipalName"] = null,
                },
            };

        private static JsonObject Target(
            string type,
            string id,
            string? displayName,
            string? upn,
            params (string Name, string? Old, string? New)[] modified
        ) =>
            new()
            {
                ["id"] = id,
                ["displayName"] = displayName,
                ["type"] = type,
                ["userPrincipalName"] = upn,
                ["modifiedProperties"] = new JsonArray(
                    modified
                        .Select(m =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["displayName"] = m.Name,
                                    ["oldValue"] = m.Old,
                                    ["newValue"] = m.New,
                                }
                        )
                        .ToArray()
                ),
            };

        private static string Describe(string keyId, string type, string name) =>
            $"[KeyIdentifier={keyId},KeyType={type},KeyUsage=Verify,DisplayName={name}]";

        // KeyDescription values are JSON arrays of strings, serialized into the modified property's string value.
        private static string KeyList(IEnumerable<string> entries) =>
            new JsonArray(entries.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()).ToJsonString();

        private static string Quote(string value) => JsonValue.Create(value)!.ToJsonString();

        public string NewGuid()
        {
            var bytes = new byte[16];
            _random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString();
        }

        public sealed record Principal(string Id, string Name, string? Upn);

        public sealed record App(string AppId, string ObjectId, string ServicePrincipalId, string Name);

        public sealed record CredentialAdd(DateTimeOffset When, App ServicePrincipal, string KeyId, JsonObject Actor)
        {
            public bool ByAutomation => Actor["app"]?["displayName"]?.GetValue<string>() == "svc-keyrotation";
        }
    }
}
