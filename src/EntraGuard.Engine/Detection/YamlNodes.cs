using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Detection
{
    /// <summary>
    /// Reads YAML files through YamlDotNet's representation model, which keeps the line of every node, and turns any
    /// problem into a <see cref="RuleFormatException"/> naming file, line, entry and field.
    /// </summary>
    internal static class YamlFiles
    {
        /// <summary>The documents of a YAML text; a syntax error names the file and line.</summary>
        public static IList<YamlDocument> Parse(string text, string file)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw new RuleFormatException(
                    file,
                    ex.Start.Line,
                    null,
                    null,
                    "not valid YAML: " + InnerMessage(ex),
                    ex
                );
            }
            catch (InvalidOperationException ex)
            {
                // YamlDotNet's scanner throws this (without a position) on some malformed flow collections.
                throw new RuleFormatException(file, 0, null, null, "not valid YAML: " + ex.Message, ex);
            }
            return stream.Documents;
        }

        private static string InnerMessage(YamlException ex)
        {
            // YamlDotNet prefixes its messages with the position, which our message already gives.
            var message =
                ex.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : ex.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0
                ? message.Substring(close + 3)
                : message;
        }
    }

    /// <summary>One YAML mapping with its location; typed getters fail with the field's full path and line.</summary>
    internal sealed class YamlObject
    {
        private readonly YamlMappingNode _node;
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public YamlObject(YamlMappingNode node, string file, string? owner, string path)
        {
            _node = node;
            File = file;
            Owner = owner;
            Path = path;
        }

        public string File { get; }

        /// <summary>The rule id or entry name errors are attributed to.</summary>
        public string? Owner { get; set; }

        /// <summary>This mapping's own field path ("" at the top of an entry).</summary>
        public string Path { get; }

        public long Line => _node.Start.Line;

        public static YamlObject From(YamlNode node, string file, string? owner, string path)
        {
            if (node is YamlMappingNode mapping)
                return new YamlObject(mapping, file, owner, path);
            throw new RuleFormatException(
                file,
                node.Start.Line,
                owner,
                path.Length == 0 ? null : path,
                $"expected a mapping of fields, found {Describe(node)}"
            );
        }

        public RuleFormatException Error(string field, string problem, YamlNode? at = null) =>
            new(File, (at ?? Find(field) ?? _node).Start.Line, Owner, FieldPath(field), problem);

        public string FieldPath(string field) => Path.Length == 0 ? field : Path + "." + field;

        public bool Has(string field) => Find(field) != null;

        public YamlNode? Find(string field)
        {
            _read.Add(field);
            foreach (var entry in _node.Children)
            {
                if (entry.Key is YamlScalarNode key && string.Equals(key.Value, field, StringComparison.Ordinal))
                    return entry.Value;
            }
            return null;
        }

        public string? String(string field, bool required = false)
        {
            var node = Find(field);
            if (node is null || IsNull(node))
            {
                if (required)
                    throw Error(field, "is required");
                return null;
            }
            if (node is not YamlScalarNode scalar)
                throw Error(field, $"expected a text value, found {Describe(node)}");
            var value = scalar.Value?.Trim();
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
                throw Error(field, $"'{text}' is not a whole number from {min} to {max}");
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
            throw Error(field, $"'{text}' is not true or false");
        }

        /// <summary>A list of texts; a single text is read as a list of one.</summary>
        public IReadOnlyList<string> Strings(string field, bool required = false)
        {
            var node = Find(field);
            if (node is null || IsNull(node))
            {
                if (required)
                    throw Error(field, "is required");
                return Array.Empty<string>();
            }
            var result = new List<string>();
            if (node is YamlScalarNode single)
            {
                if (!string.IsNullOrWhiteSpace(single.Value))
                    result.Add(single.Value!.Trim());
            }
            else if (node is YamlSequenceNode sequence)
            {
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
                    {
                        throw new RuleFormatException(
                            File,
                            item.Start.Line,
                            Owner,
                            $"{FieldPath(field)}[{index}]",
                            $"expected a text value, found {Describe(item)}"
                        );
                    }
                    result.Add(scalar.Value!.Trim());
                    index++;
                }
            }
            else
                throw Error(field, $"expected a text or a list of texts, found {Describe(node)}");
            if (required && result.Count == 0)
                throw Error(field, "must name at least one value");
            return result;
        }

        public YamlObject? Object(string field, bool required = false)
        {
            var node = Find(field);
            if (node is null || IsNull(node))
            {
                if (required)
                    throw Error(field, "is required");
                return null;
            }
            return From(node, File, Owner, FieldPath(field));
        }

        /// <summary>A list of mappings.</summary>
        public IReadOnlyList<YamlObject> Objects(string field, bool required = false)
        {
            var node = Find(field);
            if (node is null || IsNull(node))
            {
                if (required)
                    throw Error(field, "is required");
                return Array.Empty<YamlObject>();
            }
            if (node is not YamlSequenceNode sequence)
                throw Error(field, $"expected a list, found {Describe(node)}");
            var result = new List<YamlObject>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                result.Add(From(sequence.Children[i], File, Owner, $"{FieldPath(field)}[{i}]"));
            }
            if (required && result.Count == 0)
                throw Error(field, "must have at least one entry");
            return result;
        }

        /// <summary>Fails on the first field that no getter asked for: a typo must not be ignored silently.</summary>
        public void RejectUnknownFields()
        {
            foreach (var entry in _node.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value ?? "";
                if (!_read.Contains(key))
                {
                    throw new RuleFormatException(
                        File,
                        entry.Key.Start.Line,
                        Owner,
                        FieldPath(key),
                        "is not a known field"
                    );
                }
            }
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode scalar
            && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain
            && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value == "~" || scalar.Value == "null");

        internal static string Describe(YamlNode node) =>
            node switch
            {
                YamlMappingNode => "a mapping",
                YamlSequenceNode => "a list",
                YamlScalarNode scalar => $"'{scalar.Value}'",
                _ => "something else",
            };
    }
}
