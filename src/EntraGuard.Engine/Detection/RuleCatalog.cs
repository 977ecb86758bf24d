using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using EntraGuard.Configuration;
using EntraGuard.Response;

namespace EntraGuard.Detection
{
    /// <summary>
    /// The rules a scan runs: EntraGuard's embedded catalog plus the user's rule files. A file holds one rule (a
    /// mapping), several (a list, or several YAML documents). Every problem is a <see cref="RuleFormatException"/>
    /// naming file, line, rule and field.
    /// </summary>
    public sealed class RuleCatalog
    {
        private const string ResourcePrefix = "EntraGuard.Rules.";
        private static readonly Regex IdPattern = new(@"^[A-Za-z][A-Za-z0-9_.-]{1,63}$", RegexOptions.CultureInvariant);
        private static readonly Regex TacticPattern = new(@"^TA\d{4}$", RegexOptions.CultureInvariant);
        private static readonly Regex TechniquePattern = new(@"^T\d{4}(\.\d{3})?$", RegexOptions.CultureInvariant);
        private static readonly Regex DurationPattern = new(
            @"^(\d+)\s*(s|m|h|d)$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        );
        private static readonly Lazy<IReadOnlyList<Rule>> BuiltInRules = new(LoadEmbedded);

        private RuleCatalog(IReadOnlyList<Rule> rules) => Rules = rules;

        /// <summary>The rules, catalog first, then user rules in the order given.</summary>
        public IReadOnlyList<Rule> Rules { get; }

        /// <summary>EntraGuard's own rules, compiled into the engine.</summary>
        public static RuleCatalog BuiltIn => new(BuiltInRules.Value);

        /// <summary>The catalog plus the rules in the files and folders (*.yaml, *.yml) named.</summary>
        public static RuleCatalog Load(IEnumerable<string>? rulePaths)
        {
            var rules = new List<Rule>(BuiltInRules.Value);
            foreach (var file in ExpandRuleFiles(rulePaths ?? Array.Empty<string>()))
            {
                rules.AddRange(Parse(File.ReadAllText(file), file));
            }
            RejectDuplicates(rules);
            return new RuleCatalog(rules);
        }

        /// <summary>The rules the id patterns pick, by <see cref="IdSelection"/>; all when none is given.</summary>
        /// <exception cref="UnknownIdException">A literal id names no rule.</exception>
        public IReadOnlyList<Rule> Select(IReadOnlyCollection<string>? idPatterns) =>
            IdSelection.Select(Rules, rule => rule.Id, idPatterns, "rule");

        /// <summary>Parses the rules in one YAML text; <paramref name="file"/> names it in errors.</summary>
        public static IReadOnlyList<Rule> Parse(string yaml, string file)
        {
            var rules = new List<Rule>();
            foreach (var document in ConfigNode.Parse(yaml, file, RuleFormatException.Errors))
            {
                if (document.Kind == ConfigNodeKind.List)
                {
                    foreach (var item in document.Items)
                        rules.Add(ParseRule(Entry(item, file)));
                }
                else if (document.Kind != ConfigNodeKind.Null) // an empty document (a trailing ---) holds no rule
                    rules.Add(ParseRule(Entry(document, file)));
            }
            if (rules.Count == 0)
                throw new RuleFormatException(file, 0, null, null, "holds no rule");
            return rules;
        }

        private static IReadOnlyList<Rule> LoadEmbedded()
        {
            var assembly = typeof(RuleCatalog).Assembly;
            var rules = new List<Rule>();
            foreach (
                var name in assembly
                    .GetManifestResourceNames()
                    .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                    .OrderBy(n => n, StringComparer.Ordinal)
            )
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                rules.AddRange(Parse(reader.ReadToEnd(), "embedded:" + name.Substring(ResourcePrefix.Length)));
            }
            RejectDuplicates(rules);
            return rules;
        }

        private static IEnumerable<string> ExpandRuleFiles(IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                if (File.Exists(path))
                    yield return path;
                else if (Directory.Exists(path))
                {
                    var files = Directory
                        .EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Where(f =>
                            f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                            || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                        )
                        .OrderBy(f => f, StringComparer.Ordinal);
                    foreach (var file in files)
                        yield return file;
                }
                else
                    throw new FileNotFoundException($"Cannot find rule file or folder '{path}'.", path);
            }
        }

        private static void RejectDuplicates(IEnumerable<Rule> rules)
        {
            var seen = new Dictionary<string, Rule>(StringComparer.OrdinalIgnoreCase);
            foreach (var rule in rules)
            {
                if (seen.TryGetValue(rule.Id, out var first))
                {
                    throw new RuleFormatException(
                        rule.Source,
                        0,
                        rule.Id,
                        "id",
                        $"the id is already used by the rule in {first.Source}"
                    );
                }
                seen.Add(rule.Id, rule);
            }
        }

        private static ConfigObject Entry(ConfigNode node, string file) =>
            ConfigObject.From(node, file, null, "", RuleFormatException.Errors);

        private static Rule ParseRule(ConfigObject yaml)
        {
            var id = yaml.RequiredString("id");
            if (!IdPattern.IsMatch(id))
                throw yaml.Error(
                    "id",
                    $"'{id}' is not a valid rule id (a letter, then letters, digits, '.', '-' or '_')"
                );
            yaml.Owner = id;

            var header = new RuleHeader
            {
                Id = id,
                Name = yaml.RequiredString("name"),
                Description = yaml.RequiredString("description"),
                Severity = ParseSeverity(yaml, "severity"),
                RiskScore = yaml.Integer("riskScore", 0, 100) ?? throw yaml.Error("riskScore", "is required"),
                Tactics = Checked(yaml, "tactics", TacticPattern, "a MITRE ATT&CK tactic id such as TA0003"),
                Techniques = Checked(
                    yaml,
                    "techniques",
                    TechniquePattern,
                    "a MITRE ATT&CK technique id such as T1098.001"
                ),
                InvestigationSteps = yaml.Strings("investigation", required: true),
                FalsePositives = yaml.Strings("falsePositives", required: true),
                ResponseAction = ParseResponse(yaml, out var responseUser),
                Source = yaml.File,
                Peers = yaml.Objects("peers").Select(ParsePeer).ToList(),
            };

            var kindText = yaml.String("kind") ?? "match";
            if (
                !Enum.TryParse<RuleKind>(kindText, ignoreCase: true, out var kind)
                || !Enum.IsDefined(typeof(RuleKind), kind)
                || char.IsDigit(kindText[0])
            )
            {
                throw yaml.Error(
                    "kind",
                    $"'{kindText}' is not a rule kind (use match, newTerms, threshold or sequence)"
                );
            }

            var logic = kind switch
            {
                RuleKind.NewTerms => ParseNewTerms(yaml),
                RuleKind.Threshold => ParseThreshold(yaml),
                RuleKind.Sequence => ParseSequence(yaml),
                _ => new RuleLogic
                {
                    Kind = RuleKind.Match,
                    Filters = new[] { ParseFilter(yaml.Object("match", required: true)!) },
                },
            };
            foreach (var other in new[] { "newTerms", "threshold", "sequence", "match" })
            {
                var belongs =
                    other == "match"
                        ? kind != RuleKind.Sequence
                        : string.Equals(other, kind.ToString(), StringComparison.OrdinalIgnoreCase);
                if (!belongs && yaml.Has(other))
                    throw yaml.Error(other, $"does not apply to a {ToCamel(kind)} rule");
            }

            logic = logic with
            {
                Escalations = yaml.Objects("escalate").Select(ParseEscalation).ToList(),
                TargetTypes = yaml.Strings("target"),
                ResponseUser = responseUser,
            };
            yaml.RejectUnknownFields();
            return new Rule(header, logic);
        }

        private static string ToCamel(RuleKind kind) =>
            char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString().Substring(1);

        private static RuleLogic ParseNewTerms(ConfigObject yaml)
        {
            var section = yaml.Object("newTerms", required: true)!;
            var logic = new RuleLogic
            {
                Kind = RuleKind.NewTerms,
                Filters = new[] { ParseFilter(yaml.Object("match", required: true)!) },
                KeyFields = ParseFields(section, "fields"),
                HistoryDays = section.Integer("historyDays", 1, 3650),
            };
            section.RejectUnknownFields();
            return logic;
        }

        private static RuleLogic ParseThreshold(ConfigObject yaml)
        {
            var section = yaml.Object("threshold", required: true)!;
            var logic = new RuleLogic
            {
                Kind = RuleKind.Threshold,
                Filters = new[] { ParseFilter(yaml.Object("match", required: true)!) },
                KeyFields = ParseFields(section, "groupBy"),
                Count = section.Integer("count", 2, 1_000_000) ?? throw section.Error("count", "is required"),
                Window = ParseDuration(section, "window"),
                DistinctField = section.Has("distinct") ? ParseField(section, "distinct") : null,
            };
            section.RejectUnknownFields();
            return logic;
        }

        private static RuleLogic ParseSequence(ConfigObject yaml)
        {
            var section = yaml.Object("sequence", required: true)!;
            var steps = section.Objects("steps", required: true);
            if (steps.Count < 2)
                throw section.Error("steps", "a sequence needs at least two steps");
            // A step's own `by` moves the key (step 1's target is step 2's actor); the section's `by` serves the rest.
            var stepKeys = steps.Select(step => step.Has("by") ? ParseFields(step, "by") : null).ToList();
            var shared = section.Has("by") || stepKeys.Contains(null) ? ParseFields(section, "by") : null;
            var logic = new RuleLogic
            {
                Kind = RuleKind.Sequence,
                KeyFields = shared ?? stepKeys[0]!,
                StepKeyFields = stepKeys.Select(own => own ?? shared!).ToList(),
                Window = ParseDuration(section, "window"),
                Filters = steps.Select(ParseFilter).ToList(),
            };
            var width = logic.StepKeyFields[0].Count;
            if (logic.StepKeyFields.Any(keys => keys.Count != width))
                throw section.Error("by", "every step's key needs the same number of fields");
            section.RejectUnknownFields();
            return logic;
        }

        private static EventFilter ParseFilter(ConfigObject yaml)
        {
            var activities = yaml.Strings("activities", required: true);
            var any = activities.Any(a => a == "*");
            if (any && activities.Count > 1)
                throw yaml.Error("activities", "'*' (every activity) cannot be combined with names");
            var resultText = yaml.String("result") ?? "success";
            if (
                !Enum.TryParse<ResultFilter>(resultText, ignoreCase: true, out var result)
                || char.IsDigit(resultText[0])
            )
            {
                throw yaml.Error("result", $"'{resultText}' is not a result (use success, failure or any)");
            }
            var where = yaml.Objects("where").Select(FieldPredicate.Parse).ToList();
            var anyOf = yaml.Objects("anyOf").Select(FieldPredicate.Parse).ToList();
            if (anyOf.Count == 1)
                throw yaml.Error("anyOf", "needs at least two alternatives (one condition belongs in where)");
            yaml.RejectUnknownFields();
            IReadOnlyList<string> names = any
                ? Array.Empty<string>()
                : activities.Select(ActivityName.Normalize).ToList();
            return new EventFilter(names, result, where, anyOf);
        }

        private static Escalation ParseEscalation(ConfigObject yaml)
        {
            var escalation = new Escalation(
                yaml.Objects("where", required: true).Select(FieldPredicate.Parse).ToList(),
                ParseSeverity(yaml, "severity"),
                yaml.Integer("riskScore", 0, 100)
            );
            yaml.RejectUnknownFields();
            return escalation;
        }

        private static readonly string[] PeerNames = { "elastic", "sigma", "panther", "sentinel" };

        private static PeerCoverage ParsePeer(ConfigObject yaml)
        {
            var text = yaml.RequiredString("rule");
            var slash = text.IndexOf('/');
            var peer = slash > 0 ? text.Substring(0, slash) : "";
            if (!PeerNames.Contains(peer) || slash == text.Length - 1)
                throw yaml.Error("rule", $"'{text}' is not peer/name with a peer of {string.Join(", ", PeerNames)}");
            var coverage = new PeerCoverage(
                peer,
                text.Substring(slash + 1),
                yaml.String("partial"),
                yaml.String("note")
            );
            yaml.RejectUnknownFields();
            return coverage;
        }

        private static ResponseAction ParseResponse(ConfigObject yaml, out ResponseUser user)
        {
            var section = yaml.Object("response", required: true)!;
            var key = section.RequiredString("action");
            var action = ResponseActions.All.FirstOrDefault(a =>
                a.RulesMaySuggest && string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)
            );
            if (action is null)
            {
                var keys = ResponseActions.All.Where(a => a.RulesMaySuggest).Select(a => a.Key);
                throw section.Error("action", $"'{key}' is not a response action (use {string.Join(", ", keys)})");
            }
            var userText = section.String("user") ?? "target";
            if (!Enum.TryParse(userText, ignoreCase: true, out user) || char.IsDigit(userText[0]))
            {
                throw section.Error("user", $"'{userText}' is not target or actor");
            }
            section.RejectUnknownFields();
            return action.Action;
        }

        private static IReadOnlyList<Field> ParseFields(ConfigObject yaml, string name)
        {
            var paths = yaml.Strings(name, required: true);
            return paths
                .Select(path => Fields.TryCompile(path, out var problem) ?? throw yaml.Error(name, problem!))
                .ToList();
        }

        private static Field ParseField(ConfigObject yaml, string name)
        {
            var path = yaml.RequiredString(name);
            return Fields.TryCompile(path, out var problem) ?? throw yaml.Error(name, problem!);
        }

        private static Severity ParseSeverity(ConfigObject yaml, string field)
        {
            var text = yaml.RequiredString(field);
            return SeverityNames.TryParse(text, out var severity)
                ? severity
                : throw yaml.Error(field, $"'{text}' is not a severity (use {SeverityNames.Allowed})");
        }

        private static IReadOnlyList<string> Checked(ConfigObject yaml, string field, Regex pattern, string expected)
        {
            var values = yaml.Strings(field, required: true);
            foreach (var value in values)
            {
                if (!pattern.IsMatch(value))
                    throw yaml.Error(field, $"'{value}' is not {expected}");
            }
            return values;
        }

        private static TimeSpan ParseDuration(ConfigObject yaml, string field)
        {
            var text = yaml.RequiredString(field);
            var match = DurationPattern.Match(text);
            if (
                !match.Success
                || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount <= 0
            )
            {
                throw yaml.Error(field, $"'{text}' is not a duration (a positive number with s, m, h or d, e.g. 30m)");
            }
            return match.Groups[2].Value.ToLowerInvariant() switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
    }
}
