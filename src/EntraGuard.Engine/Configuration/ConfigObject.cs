using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Configuration
{
    /// <summary>
    /// One mapping of a configuration file with its location. Typed getters fail with the field's full path and line;
    /// <see cref="RejectUnknownFields"/> makes a typo an error with a suggestion rather than a setting silently
    /// ignored.
    /// </summary>
    internal sealed class ConfigObject
    {
        private readonly ConfigNode _node;
        private readonly ConfigErrors _errors;
        private readonly StringComparer _keys;
        private readonly HashSet<string> _read;
        private readonly List<string> _known = new();

        private ConfigObject(
            ConfigNode node,
            string file,
            string? owner,
            string path,
            ConfigErrors errors,
            bool ignoreCase
        )
        {
            _node = node;
            _errors = errors;
            _keys = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            _read = new HashSet<string>(_keys);
            File = file;
            Owner = owner;
            Path = path;
            IgnoreCase = ignoreCase;
            RejectRepeatedKeys();
        }

        public string File { get; }

        /// <summary>The rule id or entry name errors are attributed to.</summary>
        public string? Owner { get; set; }

        /// <summary>This mapping's own field path ("" at the top of an entry).</summary>
        public string Path { get; }

        /// <summary>Whether keys match in any case (settings) or only as written (rules, suppressions).</summary>
        public bool IgnoreCase { get; }

        public long Line => _node.Line;

        /// <summary>The keys this mapping was asked for so far, in order: the known keys, once all are read.</summary>
        public IReadOnlyList<string> KnownFields => _known;

        /// <summary>The mapping <paramref name="node"/> is, or an error naming what was found instead.</summary>
        public static ConfigObject From(
            ConfigNode node,
            string file,
            string? owner,
            string path,
            ConfigErrors errors,
            bool ignoreCase = false
        )
        {
            if (node.Kind == ConfigNodeKind.Map)
                return new ConfigObject(node, file, owner, path, errors, ignoreCase);
            throw errors(
                file,
                node.Line,
                owner,
                path.Length == 0 ? null : path,
                $"expected a mapping of fields, found {node.Describe()}",
                null
            );
        }

        /// <summary>The first document of a file that must hold one mapping; null when it is empty.</summary>
        public static ConfigObject? Document(string text, string file, ConfigErrors errors, bool ignoreCase)
        {
            var documents = ConfigNode.Parse(text, file, errors);
            if (documents.Count == 0 || documents[0].Kind == ConfigNodeKind.Null)
                return null;
            if (documents.Count > 1)
                throw errors(file, documents[1].Line, null, null, "holds more than one document", null);
            return From(documents[0], file, null, "", errors, ignoreCase);
        }

        public ConfigFormatException Error(string field, string problem, ConfigNode? at = null) =>
            _errors(File, (at ?? Find(field) ?? _node).Line, Owner, FieldPath(field), problem, null);

        /// <summary>An error at <paramref name="at"/>, under a field path of its own (a list item, say).</summary>
        public ConfigFormatException ErrorAt(ConfigNode at, string fieldPath, string problem) =>
            _errors(File, at.Line, Owner, fieldPath, problem, null);

        public string FieldPath(string field) => Path.Length == 0 ? field : Path + "." + field;

        public bool Has(string field) => Find(field) != null;

        public ConfigNode? Find(string field)
        {
            if (_read.Add(field))
                _known.Add(field);
            foreach (var pair in _node.Pairs)
            {
                if (pair.Key.Text is { } key && _keys.Equals(key, field))
                    return pair.Value;
            }
            return null;
        }

        /// <summary>The value's node unless nothing is written there; <paramref name="required"/> makes that an
        /// error.</summary>
        public ConfigNode? Value(string field, bool required = false)
        {
            var node = Find(field);
            if (node is null || node.Kind == ConfigNodeKind.Null)
            {
                if (required)
                    throw Error(field, "is required");
                return null;
            }
            return node;
        }

        public string? String(string field, bool required = false)
        {
            var node = Value(field, required);
            if (node is null)
                return null;
            if (node.Kind != ConfigNodeKind.Scalar)
                throw Error(field, $"expected a text value, found {node.Describe()}");
            var value = node.Text?.Trim();
            if (required && string.IsNullOrEmpty(value))
                throw Error(field, "must not be empty");
            return string.IsNullOrEmpty(value) ? null : value;
        }

        public string RequiredString(string field) => String(field, required: true)!;

        public int? Integer(string field, int min, int max)
        {
            var text = String(field);
            if (text is null)
                return null;
            if (
                !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                || value < min
                || value > max
            )
            {
                throw Error(field, $"{InputText.Quote(text)} is not a whole number from {min} to {max}");
            }
            return value;
        }

        public bool? Boolean(string field)
        {
            var text = String(field);
            if (text is null)
                return null;
            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                return true;
            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                return false;
            throw Error(field, $"{InputText.Quote(text)} is not true or false");
        }

        /// <summary>A list of texts; a single text is read as a list of one.</summary>
        public IReadOnlyList<string> Strings(string field, bool required = false)
        {
            var node = Value(field, required);
            if (node is null)
                return Array.Empty<string>();
            var result = new List<string>();
            if (node.Kind == ConfigNodeKind.Scalar)
            {
                if (!string.IsNullOrWhiteSpace(node.Text))
                    result.Add(node.Text!.Trim());
            }
            else if (node.Kind == ConfigNodeKind.List)
            {
                for (var i = 0; i < node.Items.Count; i++)
                {
                    var item = node.Items[i];
                    if (item.Kind != ConfigNodeKind.Scalar || string.IsNullOrWhiteSpace(item.Text))
                        throw ErrorAt(
                            item,
                            $"{FieldPath(field)}[{i}]",
                            $"expected a text value, found {item.Describe()}"
                        );
                    result.Add(item.Text!.Trim());
                }
            }
            else
                throw Error(field, $"expected a text or a list of texts, found {node.Describe()}");
            if (required && result.Count == 0)
                throw Error(field, "must name at least one value");
            return result;
        }

        public ConfigObject? Object(string field, bool required = false)
        {
            var node = Value(field, required);
            return node is null ? null : From(node, File, Owner, FieldPath(field), _errors, IgnoreCase);
        }

        /// <summary>A list of mappings.</summary>
        public IReadOnlyList<ConfigObject> Objects(string field, bool required = false)
        {
            var node = Value(field, required);
            if (node is null)
                return Array.Empty<ConfigObject>();
            if (node.Kind != ConfigNodeKind.List)
                throw Error(field, $"expected a list, found {node.Describe()}");
            var result = new List<ConfigObject>();
            for (var i = 0; i < node.Items.Count; i++)
                result.Add(Item(node.Items[i], $"{FieldPath(field)}[{i}]"));
            if (required && result.Count == 0)
                throw Error(field, "must have at least one entry");
            return result;
        }

        /// <summary>A list of any values (texts or mappings), each read by <paramref name="read"/> with its
        /// path.</summary>
        public IReadOnlyList<T> List<T>(string field, Func<ConfigNode, string, T> read)
        {
            var node = Value(field);
            if (node is null || node.Kind == ConfigNodeKind.Scalar && string.IsNullOrEmpty(node.Text))
                return Array.Empty<T>();
            if (node.Kind != ConfigNodeKind.List)
                throw Error(field, $"expected a list, found {node.Describe()}");
            var result = new T[node.Items.Count];
            for (var i = 0; i < result.Length; i++)
                result[i] = read(node.Items[i], $"{FieldPath(field)}[{i}]");
            return result;
        }

        /// <summary>A mapping inside a list, under its own path.</summary>
        public ConfigObject Item(ConfigNode node, string path) => From(node, File, Owner, path, _errors, IgnoreCase);

        /// <summary>Fails on the first field that no getter asked for, naming the nearest known one.</summary>
        public void RejectUnknownFields()
        {
            foreach (var pair in _node.Pairs)
            {
                var key = pair.Key.Text ?? "";
                if (_read.Contains(key))
                    continue;
                var guess = Spelling.Suggest(key, _known);
                throw _errors(
                    File,
                    pair.Key.Line,
                    Owner,
                    FieldPath(key),
                    "is not a known field"
                        + (guess is null ? "" : $"; did you mean '{guess}'?")
                        + $" (known: {string.Join(", ", _known)})",
                    null
                );
            }
        }

        private void RejectRepeatedKeys()
        {
            var seen = new Dictionary<string, ConfigNode>(_keys);
            foreach (var pair in _node.Pairs)
            {
                if (pair.Key.Kind != ConfigNodeKind.Scalar)
                {
                    throw _errors(
                        File,
                        pair.Key.Line,
                        Owner,
                        Path.Length == 0 ? null : Path,
                        $"a key must be a plain name, found {pair.Key.Describe()}",
                        null
                    );
                }
                if (seen.TryGetValue(pair.Key.Text!, out var first))
                {
                    throw _errors(
                        File,
                        pair.Key.Line,
                        Owner,
                        FieldPath(pair.Key.Text!),
                        $"the key appears twice (first on line {first.Line})",
                        null
                    );
                }
                seen[pair.Key.Text!] = pair.Key;
            }
        }
    }
}
