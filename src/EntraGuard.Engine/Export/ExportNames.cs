using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EntraGuard.Export
{
    /// <summary>
    /// Names the platforms want for MITRE ATT&amp;CK ids (Sentinel's tactic enum, Elastic's threat objects) and stable
    /// GUIDs derived from rule ids, so a re-export updates the same rule instead of creating a new one.
    /// </summary>
    internal static class ExportNames
    {
        /// <summary>Tactic id → its ATT&amp;CK name; Sentinel's enum spells it without spaces.</summary>
        private static readonly Dictionary<string, string> Tactics = new(StringComparer.OrdinalIgnoreCase)
        {
            ["TA0001"] = "Initial Access",
            ["TA0002"] = "Execution",
            ["TA0003"] = "Persistence",
            ["TA0004"] = "Privilege Escalation",
            ["TA0005"] = "Defense Evasion",
            ["TA0006"] = "Credential Access",
            ["TA0007"] = "Discovery",
            ["TA0008"] = "Lateral Movement",
            ["TA0009"] = "Collection",
            ["TA0010"] = "Exfiltration",
            ["TA0011"] = "Command and Control",
            ["TA0040"] = "Impact",
            ["TA0042"] = "Resource Development",
            ["TA0043"] = "Reconnaissance",
        };

        /// <summary>Technique names for the ids EntraGuard's catalog and common identity rules use.</summary>
        private static readonly Dictionary<string, string> Techniques = new(StringComparer.OrdinalIgnoreCase)
        {
            ["T1078"] = "Valid Accounts",
            ["T1078.004"] = "Cloud Accounts",
            ["T1098"] = "Account Manipulation",
            ["T1098.001"] = "Additional Cloud Credentials",
            ["T1098.003"] = "Additional Cloud Roles",
            ["T1098.005"] = "Device Registration",
            ["T1136"] = "Create Account",
            ["T1136.003"] = "Cloud Account",
            ["T1484"] = "Domain or Tenant Policy Modification",
            ["T1484.002"] = "Trust Modification",
            ["T1528"] = "Steal Application Access Token",
            ["T1531"] = "Account Access Removal",
            ["T1550"] = "Use Alternate Authentication Material",
            ["T1550.001"] = "Application Access Token",
            ["T1556"] = "Modify Authentication Process",
            ["T1556.006"] = "Multi-Factor Authentication",
            ["T1562"] = "Impair Defenses",
            ["T1562.001"] = "Disable or Modify Tools",
            ["T1606"] = "Forge Web Credentials",
            ["T1621"] = "Multi-Factor Authentication Request Generation",
        };

        public static bool TryTacticName(string id, out string name) => Tactics.TryGetValue(id, out name!);

        /// <summary>The tactic as Sentinel's <c>tactics</c> enum spells it (e.g. <c>DefenseEvasion</c>).</summary>
        public static string SentinelTactic(string id) =>
            TryTacticName(id, out var name)
                ? name.Replace(" and ", " And ").Replace(" ", "")
                : throw new NotExportableException($"tactic {id} has no Microsoft Sentinel name");

        /// <summary>The technique's name; the id itself for ids outside the table (Elastic only displays it).</summary>
        public static string TechniqueName(string id) => Techniques.TryGetValue(id, out var name) ? name : id;

        public static string TacticUrl(string id) => $"https://attack.mitre.org/tactics/{id.ToUpperInvariant()}/";

        public static string TechniqueUrl(string id) =>
            $"https://attack.mitre.org/techniques/{id.ToUpperInvariant().Replace('.', '/')}/";

        // A fixed namespace for EntraGuard export ids; never change it, or every exported rule gets a new identity.
        private static readonly byte[] Namespace = new Guid("6f1d2c0e-5a7b-4e3c-9d21-8b4f0a6e2c17").ToByteArray();

        /// <summary>A name-based (RFC 4122 version 5) GUID for a rule id in one platform: stable across
        /// exports.</summary>
        public static Guid StableGuid(string platform, string ruleId)
        {
            var name = Encoding.UTF8.GetBytes(platform + ":" + ruleId.ToUpperInvariant());
            var ns = (byte[])Namespace.Clone();
            SwapToNetworkOrder(ns);
            byte[] hash;
            using (var sha1 = SHA1.Create())
            {
                var input = new byte[ns.Length + name.Length];
                Buffer.BlockCopy(ns, 0, input, 0, ns.Length);
                Buffer.BlockCopy(name, 0, input, ns.Length, name.Length);
                hash = sha1.ComputeHash(input);
            }
            var bytes = new byte[16];
            Array.Copy(hash, bytes, 16);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            SwapToNetworkOrder(bytes);
            return new Guid(bytes);
        }

        // Guid's byte array puts the first three fields little-endian; RFC 4122 hashes them big-endian.
        private static void SwapToNetworkOrder(byte[] guid)
        {
            Array.Reverse(guid, 0, 4);
            Array.Reverse(guid, 4, 2);
            Array.Reverse(guid, 6, 2);
        }

        /// <summary>A duration in the largest whole unit: <c>10d</c>, <c>1h</c>, <c>9m</c>, <c>30s</c>.</summary>
        public static string ShortDuration(TimeSpan span)
        {
            if (span.Ticks % TimeSpan.TicksPerDay == 0)
                return Whole(span.TotalDays) + "d";
            if (span.Ticks % TimeSpan.TicksPerHour == 0)
                return Whole(span.TotalHours) + "h";
            if (span.Ticks % TimeSpan.TicksPerMinute == 0)
                return Whole(span.TotalMinutes) + "m";
            return Whole(span.TotalSeconds) + "s";
        }

        private static string Whole(double value) => ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The spellings Entra writes for a normalized activity name (hyphen or en dash, with or without a trailing
        /// space), for platforms that compare names exactly.
        /// </summary>
        public static IEnumerable<string> ActivitySpellings(string name)
        {
            var forms = name.Contains(" - ") ? new[] { name, name.Replace(" - ", " \u2013 ") } : new[] { name };
            foreach (var form in forms)
            {
                yield return form;
                yield return form + " ";
            }
        }

        /// <summary>Sentinel's severity enum has no Critical; Critical maps to High.</summary>
        public static string SentinelSeverity(Severity severity) =>
            severity == Severity.Critical ? "High" : severity.ToString();
    }
}
