using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Configuration
{
    internal enum ConfigNodeKind
    {
        /// <summary>Nothing written (<c>key:</c>, <c>~</c>, <c>null</c>).</summary>
        Null,
        Scalar,
        List,
        Map,
    }

    /// <summary>
    /// One value of a configuration file, YAML or JSON alike, with the line it was written on: the one tree every
    /// reader of settings, rules and suppressions works on, so that each names a mistake the same way.
    /// </summary>
    internal sealed class ConfigNode
    {
        private static readonly IReadOnlyList<ConfigNode> NoItems = Array.Empty<ConfigNode>();
        private static readonly IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> NoPairs = Array.Empty<
            KeyValuePair<ConfigNode, ConfigNode>
        >();

        private ConfigNode(
            ConfigNodeKind kind,
            string? text,
            IReadOnlyList<ConfigNode>? items,
            IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>>? pairs,
            long line
        )
        {
            Kind = kind;
            Text = text;
            Items = items ?? NoItems;
            Pairs = pairs ?? NoPairs;
            Line = line;
        }

        public ConfigNodeKind Kind { get; }

        /// <summary>A scalar's text as written (numbers and booleans too); null for other kinds.</summary>
        public string? Text { get; }

        public IReadOnlyList<ConfigNode> Items { get; }
        public IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> Pairs { get; }

        /// <summary>1-based.</summary>
        public long Line { get; }

        public string Describe() =>
            Kind switch
            {
                ConfigNodeKind.Map => "a mapping",
                ConfigNodeKind.List => "a list",
                ConfigNodeKind.Scalar => InputText.Quote(Text ?? ""),
                _ => "nothing",
            };

        /// <summary>
        /// The documents of a configuration text: JSON when it starts with '{' or '[', else YAML (which may hold
        /// several documents). Syntax errors name the file and line through <paramref name="error"/>.
        /// </summary>
        public static IReadOnlyList<ConfigNode> Parse(string text, string file, ConfigErrors error)
        {
            var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            return start.StartsWith("{", StringComparison.Ordinal) || start.StartsWith("[", StringComparison.Ordinal)
                ? new[] { ParseJson(text, file, error) }
                : ParseYaml(text, file, error);
        }

        private static IReadOnlyList<ConfigNode> ParseYaml(string text, string file, ConfigErrors error)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw error(file, ex.Start.Line, null, null, "not valid YAML: " + YamlMessage(ex), ex);
            }
            catch (InvalidOperationException ex)
            {
                // YamlDotNet's scanner throws this (without a position) on some malformed flow collections.
                throw error(file, 0, null, null, "not valid YAML: " + ex.Message, ex);
            }
            var documents = new List<ConfigNode>(stream.Documents.Count);
            foreach (var document in stream.Documents)
                documents.Add(FromYaml(document.RootNode));
            return documents;
        }

        private static ConfigNode FromYaml(YamlNode node)
        {
            var line = node.Start.Line;
            switch (node)
            {
                case YamlMappingNode mapping:
                    var pairs = new List<KeyValuePair<ConfigNode, ConfigNode>>(mapping.Children.Count);
                    foreach (var entry in mapping.Children)
                        pairs.Add(new(FromYaml(entry.Key), FromYaml(entry.Value)));
                    return new ConfigNode(ConfigNodeKind.Map, null, null, pairs, line);
                case YamlSequenceNode sequence:
                    var items = new List<ConfigNode>(sequence.Children.Count);
                    foreach (var item in sequence.Children)
                        items.Add(FromYaml(item));
                    return new ConfigNode(ConfigNodeKind.List, null, items, null, line);
                case YamlScalarNode scalar when IsYamlNull(scalar):
                    return new ConfigNode(ConfigNodeKind.Null, null, null, null, line);
                case YamlScalarNode scalar:
                    return new ConfigNode(ConfigNodeKind.Scalar, scalar.Value, null, null, line);
                default:
                    // An alias to an anchor: YamlDotNet resolves them, so this is not reached on valid input.
                    return new ConfigNode(ConfigNodeKind.Null, null, null, null, line);
            }
        }

        private static bool IsYamlNull(YamlScalarNode scalar) =>
            scalar.Style == ScalarStyle.Plain
            && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value == "~" || scalar.Value == "null");

        private static string YamlMessage(YamlException ex)
        {
            // YamlDotNet prefixes its messages with the position, which our message already gives.
            var message =
                ex.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : ex.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0
                ? message.Substring(close + 3)
                : message;
        }

        private static ConfigNode ParseJson(string text, string file, ConfigErrors error)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var lines = new LineCounter(bytes);
            var reader = new Utf8JsonReader(
                bytes,
                new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }
            );
            try
            {
                if (!reader.Read())
                    throw error(file, 0, null, null, "holds no JSON value", null);
                var root = ReadJson(ref reader, lines);
                // Reading on makes a second value after the first an error (the reader's own).
                reader.Read();
                return root;
            }
            catch (JsonException ex)
            {
                var message = ex.Message.Split(new[] { " LineNumber:" }, StringSplitOptions.None)[0];
                throw error(file, (ex.LineNumber ?? -1) + 1, null, null, "not valid JSON: " + message, ex);
            }
        }

        private static ConfigNode ReadJson(ref Utf8JsonReader reader, LineCounter lines)
        {
            var line = lines.LineAt(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var pairs = new List<KeyValuePair<ConfigNode, ConfigNode>>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = new ConfigNode(
                            ConfigNodeKind.Scalar,
                            reader.GetString(),
                            null,
                            null,
                            lines.LineAt(reader.TokenStartIndex)
                        );
                        reader.Read();
                        pairs.Add(new(key, ReadJson(ref reader, lines)));
                    }
                    return new ConfigNode(ConfigNodeKind.Map, null, null, pairs, line);
                case JsonTokenType.StartArray:
                    var items = new List<ConfigNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        items.Add(ReadJson(ref reader, lines));
                    return new ConfigNode(ConfigNodeKind.List, null, items, null, line);
                case JsonTokenType.Null:
                    return new ConfigNode(ConfigNodeKind.Null, null, null, null, line);
                case JsonTokenType.String:
                    return new ConfigNode(ConfigNodeKind.Scalar, reader.GetString(), null, null, line);
                default:
                    // Numbers and booleans as written, so that every reader parses one text form.
                    var raw = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                    return new ConfigNode(ConfigNodeKind.Scalar, raw, null, null, line);
            }
        }

        /// <summary>The line of a byte offset, counted forward as the reader moves forward.</summary>
        private sealed class LineCounter
        {
            private readonly byte[] _bytes;
            private long _offset;
            private long _line = 1;

            public LineCounter(byte[] bytes) => _bytes = bytes;

            public long LineAt(long offset)
            {
                if (offset < _offset)
                {
                    _offset = 0;
                    _line = 1;
                }
                for (; _offset < offset && _offset < _bytes.Length; _offset++)
                {
                    if (_bytes[_offset] == (byte)'\n')
                        _line++;
                }
                return _line;
            }
        }
    }

    /// <summary>Makes the exception a kind of file reports its mistakes with (settings or rules).</summary>
    internal delegate ConfigFormatException ConfigErrors(
        string file,
        long line,
        string? entry,
        string? field,
        string problem,
        Exception? inner
    );
}
