using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EntraGuard.Detection;
using EntraGuard.Export;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Tests.Export
{
    /// <summary>
    /// Every Sigma export has the shape the Sigma rule specification requires: the required keys, a UUID id, a
    /// known status and level, an azure/auditlogs log source, selections that map fields (with known modifiers) to
    /// values, and a condition whose grammar holds (selection names, not, and, or, parentheses) and that names only
    /// selections the rule defines.
    /// </summary>
    public class SigmaRuleShapeTests
    {
        private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
        {
            "contains",
            "startswith",
            "endswith",
            "re",
            "i",
            "cidr",
            "exists",
            "all",
        };

        public static IEnumerable<object[]> Exports()
        {
            var rules = ExportFixtures.Catalog.Concat(RuleCatalog.Parse(ExportFixtures.UserRulesYaml, "user.yaml"));
            return RuleExporter
                .Export(rules, ExportFormat.Sigma, ExportFixtures.Options())
                .Where(e => e.Exportable)
                .Select(e => new object[] { e.RuleId, e.Content! });
        }

        [Theory]
        [MemberData(nameof(Exports))]
        public void Each_sigma_export_follows_the_specification(string ruleId, string content)
        {
            var problem = Problem(content);
            Assert.True(problem is null, $"{ruleId}: {problem}");
        }

        [Theory]
        [InlineData("selection and filter_1", "names 'filter_1'")]
        [InlineData("selection and", "ends early")]
        [InlineData("(selection", "')'")]
        public void The_check_rejects_a_broken_condition(string condition, string expected)
        {
            var rule = Exports().First()[1].ToString()!.Replace("condition: selection", "condition: " + condition);
            Assert.Contains(expected, Problem(rule));
        }

        private static string? Problem(string content)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(content));
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            string? Scalar(YamlMappingNode node, string key) =>
                node.Children.TryGetValue(new YamlScalarNode(key), out var value)
                    ? (value as YamlScalarNode)?.Value
                    : null;

            foreach (var key in new[] { "title", "id", "status", "logsource", "detection", "level" })
            {
                if (!root.Children.ContainsKey(new YamlScalarNode(key)))
                    return $"the required key '{key}' is missing";
            }
            if (!Guid.TryParse(Scalar(root, "id"), out _))
                return "id is not a UUID";
            if (Scalar(root, "status") is not ("stable" or "test" or "experimental" or "deprecated" or "unsupported"))
                return "status is not a Sigma status";
            if (Scalar(root, "level") is not ("informational" or "low" or "medium" or "high" or "critical"))
                return "level is not a Sigma level";
            var source = (YamlMappingNode)root["logsource"];
            if (Scalar(source, "product") != "azure" || Scalar(source, "service") != "auditlogs")
                return "logsource is not azure/auditlogs";

            var detection = (YamlMappingNode)root["detection"];
            var condition = Scalar(detection, "condition");
            if (condition is null)
                return "detection has no condition";
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in detection.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (name == "condition")
                    continue;
                names.Add(name);
                if (value is not YamlMappingNode map || map.Children.Count == 0)
                    return $"selection '{name}' is not a map of fields";
                foreach (var field in map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
                {
                    var parts = field.Split('|');
                    if (!Regex.IsMatch(parts[0], @"^[A-Za-z_][A-Za-z0-9_.]*$"))
                        return $"'{parts[0]}' is not a field name";
                    var unknown = parts.Skip(1).FirstOrDefault(m => !Modifiers.Contains(m));
                    if (unknown != null)
                        return $"'{unknown}' is not a Sigma modifier";
                }
            }
            return ConditionProblem(condition, names);
        }

        // condition := term (('and' | 'or') term)*; term := 'not' term | '(' condition ')' | selection name
        private static string? ConditionProblem(string condition, HashSet<string> names)
        {
            var tokens = Regex.Matches(condition, @"\(|\)|[^\s()]+").Select(m => m.Value).ToList();
            var at = 0;
            string? problem = null;
            void Term()
            {
                if (problem != null)
                    return;
                if (at >= tokens.Count)
                {
                    problem = "the condition ends early";
                    return;
                }
                var token = tokens[at++];
                if (token == "not")
                    Term();
                else if (token == "(")
                {
                    Condition();
                    if (problem == null && (at >= tokens.Count || tokens[at++] != ")"))
                        problem = "the condition misses a ')'";
                }
                else if (!names.Contains(token))
                    problem = $"the condition names '{token}', which is no selection";
            }
            void Condition()
            {
                Term();
                while (problem == null && at < tokens.Count && tokens[at] is "and" or "or")
                {
                    at++;
                    Term();
                }
            }
            Condition();
            if (problem == null && at < tokens.Count)
                problem = $"unexpected '{tokens[at]}' in the condition";
            return problem;
        }
    }
}
