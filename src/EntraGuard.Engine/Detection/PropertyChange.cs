using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EntraGuard.Configuration;

namespace EntraGuard.Detection
{
    /// <summary>
    /// A <c>change</c> condition: how one modified property of a target changed. Its old and new values are read as
    /// JSON (a JSON string holding JSON is read once more, as Entra double-encodes some values), narrowed by an
    /// optional <c>path</c> of property names, and flattened to a set of values: array items each, objects as their
    /// JSON text, scalars as their text. Tests: <c>old</c>, <c>new</c> (some value passes; with <c>not</c>, none does),
    /// <c>added</c> (values new has and old lacks), <c>removed</c> (the reverse) and <c>differs: true</c> (the two sets
    /// differ). All must hold on one target whose record lists the property; values compare ignoring case.
    /// </summary>
    internal sealed class PropertyChange
    {
        public const string Key = "change";
        private const string Prefix = "modifiedProperties.";
        private static readonly string[] TestNames = { "old", "new", "added", "removed" };

        private readonly IReadOnlyList<(string Name, ValueCondition Condition)> _tests;

        private PropertyChange(
            string targetPath,
            string? targetType,
            string property,
            IReadOnlyList<string> path,
            IReadOnlyList<(string Name, ValueCondition Condition)> tests,
            bool differs,
            Field field
        )
        {
            TargetPath = targetPath;
            TargetType = targetType;
            Property = property;
            Path = path;
            _tests = tests;
            Differs = differs;
            Field = field;
        }

        /// <summary>The path as written:
        /// <c>targetResources[&lt;Type&gt;|*].modifiedProperties.&lt;Name&gt;</c>.</summary>
        public string TargetPath { get; }

        /// <summary>The target type the condition looks at; null for every target.</summary>
        public string? TargetType { get; }

        /// <summary>The modified property's display name.</summary>
        public string Property { get; }

        /// <summary>Property names leading into the value's JSON; empty for the value itself.</summary>
        public IReadOnlyList<string> Path { get; }

        /// <summary>Whether the old and new value sets must differ.</summary>
        public bool Differs { get; }

        /// <summary>The tests by name (old, new, added, removed), as written.</summary>
        public IReadOnlyList<(string Name, ValueCondition Condition)> Tests => _tests;

        /// <summary>The property's new value as a plain field (for exporters and evidence).</summary>
        public Field Field { get; }

        public static PropertyChange Parse(ConfigObject entry)
        {
            var targetPath = entry.RequiredString(Key);
            var close = targetPath.IndexOf("].", StringComparison.Ordinal);
            var rest = close > 0 ? targetPath.Substring(close + 2) : "";
            if (
                !targetPath.StartsWith("targetResources[", StringComparison.OrdinalIgnoreCase)
                || !rest.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                || rest.Length == Prefix.Length
            )
            {
                throw entry.Error(
                    Key,
                    $"'{targetPath}' is not a modified property "
                        + "(use targetResources[<Type>].modifiedProperties.<Name>, or [*] for every target)"
                );
            }
            var selector = targetPath.Substring("targetResources[".Length, close - "targetResources[".Length).Trim();
            var property = rest.Substring(Prefix.Length);
            var path = (entry.String("path") ?? "")
                .Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Trim())
                .ToList();
            var tests = new List<(string, ValueCondition)>();
            foreach (var name in TestNames)
            {
                var test = entry.Object(name);
                if (test != null)
                    tests.Add((name, ValueCondition.Parse(test, name)));
            }
            var differs = entry.Boolean("differs");
            if (differs == false)
                throw entry.Error("differs", "only 'differs: true' is meaningful (leave it out otherwise)");
            if (tests.Count == 0 && differs is null)
            {
                throw entry.Error(Key, "needs a test: old, new, added, removed or differs: true");
            }
            entry.RejectUnknownFields();
            var field =
                Fields.TryCompile(targetPath + ".newValue", out var problem) ?? throw entry.Error(Key, problem!);
            return new PropertyChange(
                targetPath,
                selector == "*" ? null : selector,
                property,
                path,
                tests,
                differs == true,
                field
            );
        }

        public bool Matches(AuditEvent auditEvent)
        {
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                if (TargetType != null && !string.Equals(target.Type, TargetType, StringComparison.OrdinalIgnoreCase))
                    continue;
                var property = target.GetModifiedProperty(Property);
                if (property != null && Holds(property))
                    return true;
            }
            return false;
        }

        private bool Holds(ModifiedProperty property)
        {
            var before = JsonValues.Of(property.OldValue, Path);
            var after = JsonValues.Of(property.NewValue, Path);
            if (Differs && before.SetEquals(after))
                return false;
            foreach (var (name, condition) in _tests)
            {
                var values = name switch
                {
                    "old" => before,
                    "new" => after,
                    "added" => after.Where(v => !before.Contains(v)),
                    _ => before.Where(v => !after.Contains(v)),
                };
                if (!condition.Holds(values))
                    return false;
            }
            return true;
        }
    }

    /// <summary>One operator (with <c>not</c>) applied to a set of values: some value passes; negated, none
    /// does.</summary>
    internal sealed class ValueCondition
    {
        private readonly IValueTest _test;

        private ValueCondition(IValueTest test, bool negate, string op, IReadOnlyList<string> operands)
        {
            _test = test;
            Negate = negate;
            Operator = op;
            Operands = operands;
        }

        public bool Negate { get; }
        public string Operator { get; }
        public IReadOnlyList<string> Operands { get; }

        public static ValueCondition Parse(ConfigObject entry, string name)
        {
            var test = FieldPredicate.ParseTest(entry, name, out var negate, out var op, out var operands);
            entry.RejectUnknownFields();
            return new ValueCondition(test, negate, op, operands);
        }

        public bool Holds(IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                if (_test.Test(value))
                    return !Negate;
            }
            return Negate;
        }
    }

    /// <summary>A modified property's value read as JSON and flattened (see <see cref="PropertyChange"/>).</summary>
    internal static class JsonValues
    {
        public static HashSet<string> Of(string? raw, IReadOnlyList<string> path)
        {
            var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(raw))
                return values;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(raw!);
            }
            catch (JsonException)
            {
                if (path.Count == 0)
                    values.Add(raw!.Trim()); // a plain value Entra left unencoded
                return values;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.String && LooksLikeJson(root.GetString()!))
                    return Of(root.GetString(), path); // encoded twice
                Collect(root, path, 0, values);
            }
            return values;
        }

        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.TrimStart();
            return trimmed.StartsWith("{", StringComparison.Ordinal)
                || trimmed.StartsWith("[", StringComparison.Ordinal);
        }

        private static void Collect(JsonElement element, IReadOnlyList<string> path, int depth, HashSet<string> values)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                    Collect(item, path, depth, values);
                return;
            }
            if (depth < path.Count)
            {
                if (element.ValueKind != JsonValueKind.Object)
                    return;
                foreach (var property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, path[depth], StringComparison.OrdinalIgnoreCase))
                        Collect(property.Value, path, depth + 1, values);
                }
                return;
            }
            var text = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => element.GetRawText(),
            };
            if (!string.IsNullOrEmpty(text))
                values.Add(text!);
        }
    }
}
