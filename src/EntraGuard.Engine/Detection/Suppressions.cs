using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using EntraGuard.Configuration;

namespace EntraGuard.Detection
{
    /// <summary>
    /// An accepted finding: rule id (wildcards allowed) plus any of actor, target and IP address, with the reason
    /// and the date it must be reviewed by. Applied to findings after evaluation; an expired one no longer applies.
    /// </summary>
    public sealed class Suppression
    {
        internal Suppression(string file, long line, int number)
        {
            File = file;
            Line = line;
            Number = number;
        }

        /// <summary>Rule id or pattern (<c>EG000*</c>).</summary>
        public string RuleId { get; internal set; } = "";

        /// <summary>Matches the actor's id, name (UPN / app name), app id or service principal id; wildcards
        /// allowed.</summary>
        public string? Actor { get; internal set; }

        /// <summary>Matches the id or name of any target of the finding; wildcards allowed.</summary>
        public string? Target { get; internal set; }

        /// <summary>An IP address or CIDR range the actor's address must be in.</summary>
        public string? IpAddress { get; internal set; }

        public string Justification { get; internal set; } = "";

        /// <summary>The instant the suppression stops applying (a date given alone means the end of that UTC
        /// day).</summary>
        public DateTimeOffset Expires { get; internal set; }

        public string File { get; }
        public long Line { get; }

        /// <summary>1-based position in its file.</summary>
        public int Number { get; }

        private IpNetwork? _network;

        public bool IsExpired(DateTimeOffset now) => now >= Expires;

        public bool Matches(RiskEvent finding)
        {
            if (!Wildcard.IsMatch(RuleId, finding.RuleId))
                return false;
            if (
                Actor is { } actor
                && !Wildcard.IsMatch(actor, finding.ActorId)
                && !Wildcard.IsMatch(actor, finding.ActorName)
                && !Wildcard.IsMatch(actor, finding.AppId)
                && !Wildcard.IsMatch(actor, finding.ActorServicePrincipalId)
            )
                return false;
            if (
                Target != null
                && !finding.Targets.Any(t => Wildcard.IsMatch(Target, t.Id) || Wildcard.IsMatch(Target, t.Name))
                && !Wildcard.IsMatch(Target, finding.TargetId)
                && !Wildcard.IsMatch(Target, finding.TargetName)
            )
                return false;
            if (_network is { } network)
            {
                if (
                    finding.IpAddress is null
                    || !System.Net.IPAddress.TryParse(finding.IpAddress, out var address)
                    || !network.Contains(address)
                )
                    return false;
            }
            return true;
        }

        public override string ToString()
        {
            var scope =
                RuleId
                + (Actor is null ? "" : ", actor " + Actor)
                + (Target is null ? "" : ", target " + Target)
                + (IpAddress is null ? "" : ", ip " + IpAddress);
            return $"suppression #{Number} ({scope}) in {File} line {Line}";
        }

        internal static Suppression Parse(ConfigObject yaml, int number)
        {
            var suppression = new Suppression(yaml.File, yaml.Line, number)
            {
                RuleId = yaml.RequiredString("ruleId"),
                Actor = yaml.String("actor"),
                Target = yaml.String("target"),
                IpAddress = yaml.String("ipAddress"),
                Justification = yaml.RequiredString("justification"),
                Expires = ParseExpiry(yaml),
            };
            if (suppression.IpAddress != null)
            {
                suppression._network = IpNetwork.TryParse(suppression.IpAddress, out var network)
                    ? network
                    : throw yaml.Error("ipAddress", $"'{suppression.IpAddress}' is not an IP address or CIDR range");
            }
            yaml.RejectUnknownFields();
            return suppression;
        }

        private static DateTimeOffset ParseExpiry(ConfigObject yaml)
        {
            var text = yaml.RequiredString("expires");
            if (
                DateTime.TryParseExact(
                    text,
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var day
                )
            )
            {
                return new DateTimeOffset(day.Date.AddDays(1), TimeSpan.Zero);
            }
            if (
                DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var instant
                )
            )
                return instant;
            throw yaml.Error("expires", $"'{text}' is not a date (yyyy-MM-dd) or a date and time");
        }
    }

    /// <summary>The suppressions of a file: <c>suppressions:</c> followed by a list, or the list alone.</summary>
    public sealed class SuppressionSet
    {
        private SuppressionSet(IReadOnlyList<Suppression> entries) => Entries = entries;

        public static readonly SuppressionSet Empty = new(Array.Empty<Suppression>());

        public IReadOnlyList<Suppression> Entries { get; }

        public static SuppressionSet Load(string path)
        {
            if (!System.IO.File.Exists(path))
                throw new FileNotFoundException($"Cannot find suppression file '{path}'.", path);
            return Parse(System.IO.File.ReadAllText(path), path);
        }

        public static SuppressionSet Parse(string yaml, string file)
        {
            var entries = new List<Suppression>();
            foreach (var root in ConfigNode.Parse(yaml, file, RuleFormatException.Errors))
            {
                var list = root;
                if (root.Kind == ConfigNodeKind.Map)
                {
                    var top = ConfigObject.From(root, file, null, "", RuleFormatException.Errors);
                    list =
                        top.Find("suppressions")
                        ?? throw top.Error("suppressions", "is required (a list of suppressions)");
                    top.RejectUnknownFields();
                }
                if (list.Kind == ConfigNodeKind.Null)
                    continue;
                if (list.Kind != ConfigNodeKind.List)
                {
                    throw new RuleFormatException(
                        file,
                        list.Line,
                        null,
                        "suppressions",
                        $"expected a list, found {list.Describe()}"
                    );
                }
                foreach (var item in list.Items)
                {
                    var number = entries.Count + 1;
                    var entry = ConfigObject.From(item, file, $"suppression #{number}", "", RuleFormatException.Errors);
                    entries.Add(Suppression.Parse(entry, number));
                }
            }
            return new SuppressionSet(entries);
        }
    }
}
