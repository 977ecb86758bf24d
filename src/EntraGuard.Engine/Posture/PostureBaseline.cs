using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EntraGuard.Posture
{
    /// <summary>A saved result set is unreadable; the message names the file and the entry.</summary>
    public sealed class PostureBaselineException : Exception
    {
        public PostureBaselineException(string path, string problem, Exception? inner = null)
            : base($"{path}: {problem}", inner)
        {
            Path = path;
        }

        public string Path { get; }
    }

    /// <summary>What changed since the baseline, in counts.</summary>
    public sealed class PostureBaselineSummary
    {
        public string Path { get; init; } = "";
        public int NewFailures { get; init; }
        public int Fixed { get; init; }
        public int StillFailing { get; init; }
        public int NoLongerEvaluated { get; init; }
        public int NewFindings { get; init; }
        public int ResolvedFindings { get; init; }

        public override string ToString() =>
            $"since {System.IO.Path.GetFileName(Path)}: {NewFailures} new failure(s), {Fixed} fixed, "
            + $"{StillFailing} still failing"
            + (NoLongerEvaluated > 0 ? $", {NoLongerEvaluated} no longer evaluated" : "")
            + $"; {NewFindings} new finding(s), {ResolvedFindings} resolved";
    }

    /// <summary>
    /// A previous run's results, read back to say what changed: new failures, fixed ones, and within failing
    /// checks the findings that appeared or went away. Reads what <see cref="PostureResultJson"/> writes, and also
    /// what PowerShell's <c>ConvertTo-Json</c> makes of result objects (PascalCase names, enums as numbers,
    /// findings flattened to their keys at the default depth).
    /// </summary>
    public sealed class PostureBaseline
    {
        private readonly Dictionary<string, Entry> _entries;

        private PostureBaseline(string path, Dictionary<string, Entry> entries)
        {
            Path = path;
            _entries = entries;
        }

        public string Path { get; }

        public IReadOnlyCollection<string> CheckIds => _entries.Keys;

        public static PostureBaseline Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (FileNotFoundException ex)
            {
                throw new FileNotFoundException($"Baseline file not found: {path}", path, ex);
            }
            return Parse(text, path);
        }

        public static PostureBaseline Parse(string text, string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(
                    text,
                    new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }
                );
            }
            catch (JsonException ex)
            {
                throw new PostureBaselineException(
                    path,
                    $"not a JSON result set (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}",
                    ex
                );
            }
            using (document)
            {
                var root = document.RootElement;
                JsonElement results;
                if (root.ValueKind == JsonValueKind.Array)
                    results = root;
                else if (
                    root.ValueKind == JsonValueKind.Object
                    && Property(root, "results") is { ValueKind: JsonValueKind.Array } list
                )
                    results = list;
                else if (root.ValueKind == JsonValueKind.Object && Property(root, "checkId") is not null)
                    return Parse(new[] { root }, path);
                else
                    throw new PostureBaselineException(
                        path,
                        "expected a list of posture results or an object with a 'results' list"
                    );
                return Parse(results.EnumerateArray().ToArray(), path);
            }
        }

        private static PostureBaseline Parse(IReadOnlyList<JsonElement> results, string path)
        {
            var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < results.Count; i++)
            {
                var item = results[i];
                var where = $"results[{i}]";
                if (item.ValueKind != JsonValueKind.Object)
                    throw new PostureBaselineException(path, $"{where}: expected a result object");
                var checkId =
                    Property(item, "checkId") is { ValueKind: JsonValueKind.String } id
                    && id.GetString() is { Length: > 0 } text
                        ? text
                        : throw new PostureBaselineException(path, $"{where}: 'checkId' is missing");
                var status = Status(Property(item, "result"), path, $"{where} ({checkId})");
                var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (Property(item, "findings") is { ValueKind: JsonValueKind.Array } findings)
                {
                    foreach (var finding in findings.EnumerateArray())
                    {
                        if (FindingKey(finding) is { } key)
                            keys.Add(key);
                    }
                }
                entries[checkId] = new Entry(status, keys);
            }
            return new PostureBaseline(path, entries);
        }

        /// <summary>Marks each result (and finding) with how it compares, and returns the counts.</summary>
        public PostureBaselineSummary Compare(PostureReport report)
        {
            int newFailures = 0,
                fixedCount = 0,
                stillFailing = 0,
                noLonger = 0,
                newFindings = 0,
                resolved = 0;
            foreach (var result in report.Results)
            {
                _entries.TryGetValue(result.CheckId, out var before);
                var wasFailing = before?.Status == PostureStatus.Failed;
                result.Change = result.IsFailure
                    ? wasFailing
                        ? PostureChange.StillFailing
                        : PostureChange.NewFailure
                    : wasFailing
                        ? result.Result == PostureStatus.Passed
                            ? PostureChange.Fixed
                            : PostureChange.NoLongerEvaluated
                        : PostureChange.Unchanged;
                switch (result.Change)
                {
                    case PostureChange.NewFailure:
                        newFailures++;
                        break;
                    case PostureChange.Fixed:
                        fixedCount++;
                        break;
                    case PostureChange.StillFailing:
                        stillFailing++;
                        break;
                    case PostureChange.NoLongerEvaluated:
                        noLonger++;
                        break;
                }

                var earlier = before?.FindingKeys ?? new HashSet<string>();
                foreach (var finding in result.Findings)
                {
                    finding.IsNew = !earlier.Contains(finding.Key);
                    if (finding.IsNew == true && finding.AcceptedDeviation is null)
                        newFindings++;
                }
                // Findings of a check that was not evaluated now are unknown, not resolved.
                result.ResolvedFindings = result.Result is PostureStatus.Passed or PostureStatus.Failed
                    ? earlier
                        .Except(result.Findings.Select(f => f.Key), StringComparer.OrdinalIgnoreCase)
                        .OrderBy(k => k, StringComparer.Ordinal)
                        .ToArray()
                    : Array.Empty<string>();
                resolved += result.ResolvedFindings.Count;
            }
            var summary = new PostureBaselineSummary
            {
                Path = Path,
                NewFailures = newFailures,
                Fixed = fixedCount,
                StillFailing = stillFailing,
                NoLongerEvaluated = noLonger,
                NewFindings = newFindings,
                ResolvedFindings = resolved,
            };
            report.Baseline = summary;
            return summary;
        }

        private static JsonElement? Property(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    return property.Value;
            }
            return null;
        }

        private static PostureStatus Status(JsonElement? value, string path, string where)
        {
            switch (value?.ValueKind)
            {
                case JsonValueKind.String
                    when Enum.TryParse<PostureStatus>(value.Value.GetString(), true, out var named)
                        && Enum.IsDefined(typeof(PostureStatus), named):
                    return named;
                case JsonValueKind.Number
                    when value.Value.TryGetInt32(out var number) && Enum.IsDefined(typeof(PostureStatus), number):
                    return (PostureStatus)number;
                case null:
                    throw new PostureBaselineException(path, $"{where}: 'result' is missing");
                default:
                    throw new PostureBaselineException(
                        path,
                        $"{where}: 'result' is {value.Value.GetRawText()}, not one of "
                            + $"{string.Join(", ", Enum.GetNames(typeof(PostureStatus)))}"
                    );
            }
        }

        /// <summary>A finding's key: from an object (targetId, keyId) or, as ConvertTo-Json flattens them, from its
        /// string form.</summary>
        private static string? FindingKey(JsonElement finding)
        {
            if (finding.ValueKind == JsonValueKind.String)
                return finding.GetString();
            if (
                finding.ValueKind != JsonValueKind.Object
                || Property(finding, "targetId") is not { ValueKind: JsonValueKind.String } target
            )
                return null;
            var keyId = Property(finding, "keyId") is { ValueKind: JsonValueKind.String } key ? key.GetString() : null;
            return new PostureFinding { TargetId = target.GetString() ?? "", KeyId = keyId }.Key;
        }

        private sealed class Entry
        {
            public Entry(PostureStatus status, HashSet<string> findingKeys)
            {
                Status = status;
                FindingKeys = findingKeys;
            }

            public PostureStatus Status { get; }
            public HashSet<string> FindingKeys { get; }
        }
    }
}
