using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EntraGuard.Output
{
    /// <summary>
    /// JSON lines, one object a line: how the command line writes findings, contexts and journal records, and how it
    /// reads findings back. One writer and one reader serve every kind.
    /// </summary>
    public static class JsonLines
    {
        private static readonly JsonWriterOptions WriterOptions = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>Writes each item as one line; <paramref name="write"/> writes the item's object.</summary>
        public static void Write<T>(IEnumerable<T> items, TextWriter output, Action<Utf8JsonWriter, T> write)
        {
            using var buffer = new MemoryStream();
            using var json = new Utf8JsonWriter(buffer, WriterOptions);
            foreach (var item in items)
            {
                buffer.SetLength(0);
                json.Reset(buffer);
                write(json, item);
                json.Flush();
                output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
        }

        /// <summary>
        /// Reads one object a line (blank lines skipped) through <paramref name="read"/>, which may throw
        /// <see cref="FormatException"/> to refuse a line.
        /// </summary>
        /// <param name="reader">The lines.</param>
        /// <param name="source">The file name (or "stdin"), for the error.</param>
        /// <param name="what">What a line must be, for the error: "a JSON object", "a risk event".</param>
        /// <param name="read">Turns a line's object into an item.</param>
        /// <exception cref="FormatException">A line is not <paramref name="what"/>: names the source and the
        /// line.</exception>
        public static IReadOnlyList<T> Read<T>(TextReader reader, string source, string what, Func<JsonElement, T> read)
        {
            var items = new List<T>();
            var number = 0;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                number++;
                if (line.Trim().Length == 0)
                    continue;
                FormatException Refused(Exception ex) =>
                    new(
                        $"{source}: line {number}: not {what} "
                            + $"({InputText.OneLine(ex.Message.Split('.')[0], InputText.MessageLength)}).",
                        ex
                    );
                JsonElement root;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    root = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw Refused(ex);
                }
                if (root.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"{source}: line {number}: not {what}.");
                try
                {
                    items.Add(read(root));
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                {
                    throw Refused(ex);
                }
            }
            return items;
        }

        /// <summary>A property by name, in any letter case (the lines may come from another tool).</summary>
        public static JsonElement? Property(JsonElement root, string name)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    return property.Value;
            }
            return null;
        }

        /// <summary>A string property's value; null when absent, not a string, or blank.</summary>
        public static string? Text(JsonElement root, string name) =>
            Property(root, name) is { ValueKind: JsonValueKind.String } value
            && value.GetString() is { } text
            && !string.IsNullOrWhiteSpace(text)
                ? text
                : null;
    }
}
