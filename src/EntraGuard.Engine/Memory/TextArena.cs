using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace EntraGuard.Memory
{
    /// <summary>Where a text sits in a <see cref="TextArena"/>; <see cref="None"/> stands for null.</summary>
    internal readonly struct TextRef
    {
        private const int WideFlag = 1 << 30;
        private readonly int _length; // -1 for null; WideFlag set when stored as UTF-16

        public TextRef(int start, int length, bool wide)
        {
            Start = start;
            _length = wide ? length | WideFlag : length;
        }

        public static TextRef None => new(0, -1, wide: false);

        /// <summary>The same text once its arena's chunks sit <paramref name="offset"/> bytes further on (see
        /// <see cref="TextArena.Adopt"/>).</summary>
        public TextRef Moved(int offset) => IsNone ? this : new TextRef(Start + offset, Length, IsWide);

        /// <summary>The text's first byte in its arena.</summary>
        public int Start { get; }

        /// <summary>The text's length in chars; -1 for null.</summary>
        public int Length => _length < 0 ? -1 : _length & ~WideFlag;

        /// <summary>Stored as UTF-16 (the text has a char beyond ASCII); else one byte a char.</summary>
        public bool IsWide => _length > 0 && (_length & WideFlag) != 0;

        public bool IsNone => _length < 0;

        public int ByteCount =>
            IsNone ? 0
            : IsWide ? 2 * Length
            : Length;
    }

    /// <summary>
    /// Values unique to one event (its id, the key id of a credential it added) that a stateful rule holds to the end
    /// of the stream, stored end to end in chunks of bytes: one byte a char for ASCII text (event and key ids are), two
    /// for any other. Held as strings, tens of thousands of small objects each survive a young collection and get
    /// promoted, which made the collector, not the rules, the cost of a large scan; here they cost a few arrays the
    /// collector never has to trace. Chunks stay below the large-object heap and are never regrown, so holding more
    /// leaves no outgrown buffer behind. Texts compare and hash as the strings they were (ordinal).
    /// </summary>
    internal sealed class TextArena : IEqualityComparer<TextRef>
    {
        private const int ChunkBytes = 32 * 1024;
        private readonly List<byte[]> _chunks = new();
        private int _used; // in the last chunk

        public TextRef Add(string? text)
        {
            if (text is null)
                return TextRef.None;
            var wide = false;
            foreach (var c in text)
            {
                if (c < 0x80)
                    continue;
                wide = true;
                break;
            }
            var added = Reserve(text.Length, wide, out var target);
            if (wide)
                MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(target);
            else
                for (var i = 0; i < text.Length; i++)
                    target[i] = (byte)text[i];
            return added;
        }

        /// <summary>
        /// Takes in every chunk of <paramref name="other"/> (a scan part's, merged into the whole) without copying a
        /// byte: its texts are this arena's from now on, each at its place moved by the offset returned (see
        /// <see cref="TextRef.Moved"/>). <paramref name="other"/> keeps reading its own texts as before, and takes no
        /// more.
        /// </summary>
        public int Adopt(TextArena other)
        {
            var moved = _chunks.Count * ChunkBytes;
            if (other._chunks.Count == 0)
                return moved;
            _chunks.AddRange(other._chunks);
            _used = other._used;
            return moved;
        }

        private TextRef Reserve(int length, bool wide, out Span<byte> target)
        {
            var bytes = wide ? 2 * length : length;
            if (_chunks.Count == 0 || _used + bytes > ChunkBytes)
            {
                // A text longer than a chunk gets a chunk of its own size, and the next text a new chunk.
                _chunks.Add(new byte[Math.Max(ChunkBytes, bytes)]);
                _used = 0;
            }
            target = new Span<byte>(_chunks[_chunks.Count - 1], _used, bytes);
            var added = new TextRef((_chunks.Count - 1) * ChunkBytes + _used, length, wide);
            _used += bytes;
            return added;
        }

        /// <summary>Takes back <paramref name="text"/>, the text added last (one found to be there already).</summary>
        public void RemoveLast(TextRef text)
        {
            if (
                !text.IsNone
                && text.Start / ChunkBytes == _chunks.Count - 1
                && text.Start % ChunkBytes + text.ByteCount == _used
            )
                _used -= text.ByteCount;
        }

        /// <summary>Forgets every text, keeping the first chunk: for a holder none of whose references outlive
        /// this.</summary>
        public void Clear()
        {
            if (_chunks.Count > 1)
                _chunks.RemoveRange(1, _chunks.Count - 1);
            _used = 0;
        }

        private ReadOnlySpan<byte> Bytes(TextRef text) =>
            text.IsNone
                ? default
                : new ReadOnlySpan<byte>(_chunks[text.Start / ChunkBytes], text.Start % ChunkBytes, text.ByteCount);

        public string? Text(TextRef text)
        {
            if (text.IsNone)
                return null;
            var bytes = Bytes(text);
            return text.IsWide ? MemoryMarshal.Cast<byte, char>(bytes).ToString() : Ingest.StringPool.Decode(bytes);
        }

        /// <summary>Texts of this arena are equal when their characters are (null equals only null).</summary>
        public bool Equals(TextRef x, TextRef y) =>
            x.IsNone == y.IsNone && x.IsWide == y.IsWide && Bytes(x).SequenceEqual(Bytes(y));

        public int GetHashCode(TextRef text)
        {
            // FNV-1a over the bytes: equal texts are stored alike (ASCII or not), so equal bytes mean equal texts.
            var hash = 2166136261u;
            foreach (var b in Bytes(text))
                hash = unchecked((hash ^ b) * 16777619u);
            return (int)hash;
        }

        /// <summary>Ordinal order of two texts of this arena (null first), as <see cref="string.CompareOrdinal(string,
        /// string)"/> orders strings.</summary>
        public int CompareOrdinal(TextRef a, TextRef b) => CompareOrdinal(this, a, this, b);

        /// <summary>Ordinal order of texts of two arenas (null first).</summary>
        public static int CompareOrdinal(TextArena aArena, TextRef a, TextArena bArena, TextRef b)
        {
            if (a.IsNone || b.IsNone)
                return b.IsNone.CompareTo(a.IsNone);
            var aBytes = aArena.Bytes(a);
            var bBytes = bArena.Bytes(b);
            // ASCII bytes order as their chars do.
            if (!a.IsWide && !b.IsWide)
                return aBytes.SequenceCompareTo(bBytes);
            var common = Math.Min(a.Length, b.Length);
            for (var i = 0; i < common; i++)
            {
                var order = CharAt(aBytes, a.IsWide, i).CompareTo(CharAt(bBytes, b.IsWide, i));
                if (order != 0)
                    return order;
            }
            return a.Length.CompareTo(b.Length);
        }

        private static char CharAt(ReadOnlySpan<byte> bytes, bool wide, int index) =>
            wide ? MemoryMarshal.Cast<byte, char>(bytes)[index] : (char)bytes[index];
    }
}
