using System;
using System.Collections.Generic;

namespace EntraGuard.Detection
{
    /// <summary>Where a text sits in a <see cref="TextArena"/>; <see cref="None"/> stands for null.</summary>
    internal readonly struct TextRef
    {
        public TextRef(int start, int length)
        {
            Start = start;
            Length = length;
        }

        public static TextRef None => new(0, -1);

        public int Start { get; }

        /// <summary>The text's length in chars; -1 for null.</summary>
        public int Length { get; }

        public bool IsNone => Length < 0;
    }

    /// <summary>
    /// Values unique to one event (its id, the key id of a credential it added) that a stateful rule holds to the end
    /// of the stream, stored end to end in chunks of chars. Held as strings, tens of thousands of small objects each
    /// survive a young collection and get promoted, which made the collector, not the rules, the cost of a large scan;
    /// here they cost a few arrays the collector never has to trace. Chunks stay below the large-object heap and are
    /// never regrown, so holding more leaves no outgrown buffer behind.
    /// </summary>
    internal sealed class TextArena : IEqualityComparer<TextRef>
    {
        private const int ChunkChars = 16 * 1024;
        private readonly List<char[]> _chunks = new();
        private int _used; // in the last chunk

        public TextRef Add(string? text)
        {
            if (text is null) return TextRef.None;
            if (_chunks.Count == 0 || _used + text.Length > ChunkChars)
            {
                // A text longer than a chunk gets a chunk of its own size, and the next text a new chunk.
                _chunks.Add(new char[Math.Max(ChunkChars, text.Length)]);
                _used = 0;
            }
            text.CopyTo(0, _chunks[_chunks.Count - 1], _used, text.Length);
            var added = new TextRef((_chunks.Count - 1) * ChunkChars + _used, text.Length);
            _used += text.Length;
            return added;
        }

        /// <summary>Takes back <paramref name="text"/>, the text added last (one found to be there already).</summary>
        public void RemoveLast(TextRef text)
        {
            if (!text.IsNone && text.Start / ChunkChars == _chunks.Count - 1 && text.Start % ChunkChars + text.Length == _used) _used -= text.Length;
        }

        /// <summary>Forgets every text, keeping the first chunk: for a holder none of whose references outlive this.</summary>
        public void Clear()
        {
            if (_chunks.Count > 1) _chunks.RemoveRange(1, _chunks.Count - 1);
            _used = 0;
        }

        public ReadOnlySpan<char> Span(TextRef text) =>
            text.IsNone ? default : new ReadOnlySpan<char>(_chunks[text.Start / ChunkChars], text.Start % ChunkChars, text.Length);

        public string? Text(TextRef text) => text.IsNone ? null : Span(text).ToString();

        /// <summary>Texts of this arena are equal when their characters are (null equals only null).</summary>
        public bool Equals(TextRef x, TextRef y) => x.IsNone == y.IsNone && Span(x).SequenceEqual(Span(y));

        public int GetHashCode(TextRef text)
        {
            // FNV-1a over the characters: ordinal, like the equality.
            var hash = 2166136261u;
            foreach (var c in Span(text)) hash = unchecked((hash ^ c) * 16777619u);
            return (int)hash;
        }

        /// <summary>Ordinal order of two texts of this arena (null first), as <see cref="string.CompareOrdinal(string, string)"/> orders strings.</summary>
        public int CompareOrdinal(TextRef a, TextRef b) =>
            a.IsNone || b.IsNone ? b.IsNone.CompareTo(a.IsNone) : Span(a).SequenceCompareTo(Span(b));
    }
}
