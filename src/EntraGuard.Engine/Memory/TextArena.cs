using System;
using System.Buffers.Binary;
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
            var wide = IsWide(text);
            var start = Reserve(wide ? 2 * text.Length : text.Length, out var target);
            Write(text, wide, target);
            return new TextRef(start, text.Length, wide);
        }

        /// <summary>
        /// Stores two texts as one record (an event's id and the key id of the credential it added) and returns where
        /// it starts: a holder of many records keeps one int for both instead of two <see cref="TextRef"/>s. Each text
        /// sits behind a length of its own, a byte for texts shorter than 31 chars; read them back with <see
        /// cref="First"/> and <see cref="Second"/>. A text of more than <see cref="LongTextBytes"/> is stored after
        /// the record, which holds where: a record always fits a chunk, so every position in it is a chunk's.
        /// </summary>
        public int AddPair(string? first, string? second)
        {
            var firstHeader = Header(first);
            var secondHeader = Header(second);
            var start = Reserve(InRecord(firstHeader) + InRecord(secondHeader), out var record);
            var used = WriteText(first, firstHeader, record);
            WriteText(second, secondHeader, record.Slice(used));
            return start;
        }

        /// <summary>The first text of the record at <paramref name="pair"/> (see <see cref="AddPair"/>).</summary>
        public TextRef First(int pair) => ReadText(pair / ChunkBytes, pair % ChunkBytes, out _);

        /// <summary>The second text of the record at <paramref name="pair"/>.</summary>
        public TextRef Second(int pair)
        {
            ReadText(pair / ChunkBytes, pair % ChunkBytes, out var next);
            return ReadText(pair / ChunkBytes, next, out _);
        }

        private const int LongTextBytes = ChunkBytes / 4;
        private const uint LongFlag = 2,
            WideHeaderFlag = 1;

        // 0 for null, else (length + 1) * 4, plus 2 when stored after the record and 1 when stored wide.
        private static uint Header(string? text)
        {
            if (text is null)
                return 0;
            var wide = IsWide(text);
            var bytes = wide ? 2 * text.Length : text.Length;
            return (uint)(text.Length + 1) * 4 + (bytes > LongTextBytes ? LongFlag : 0) + (wide ? WideHeaderFlag : 0);
        }

        /// <summary>The bytes of a text with this header: the header itself, then the text or, for a long one, where
        /// it sits.</summary>
        private static int InRecord(uint header) =>
            HeaderBytes(header)
            + (
                header == 0 ? 0
                : (header & LongFlag) != 0 ? sizeof(int)
                : TextBytes(header)
            );

        private static int TextBytes(uint header) => ((int)(header / 4) - 1) * ((header & WideHeaderFlag) != 0 ? 2 : 1);

        private static int HeaderBytes(uint header)
        {
            var bytes = 1;
            while ((header >>= 7) != 0)
                bytes++;
            return bytes;
        }

        /// <summary>Writes a text's header and, unless long, the text into <paramref name="target"/>; returns the
        /// bytes written there.</summary>
        private int WriteText(string? text, uint header, Span<byte> target)
        {
            // The header, seven bits a byte, low first.
            var used = 0;
            var rest = header;
            for (; rest >= 0x80; rest >>= 7)
                target[used++] = (byte)(rest | 0x80);
            target[used++] = (byte)rest;
            if (text is null)
                return used;
            if ((header & LongFlag) != 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(target.Slice(used), Add(text).Start);
                return used + sizeof(int);
            }
            Write(text, (header & WideHeaderFlag) != 0, target.Slice(used));
            return used + TextBytes(header);
        }

        /// <summary>The text whose header is at <paramref name="offset"/> of chunk <paramref name="chunk"/>;
        /// <paramref name="next"/> is where the record goes on.</summary>
        private TextRef ReadText(int chunk, int offset, out int next)
        {
            var bytes = _chunks[chunk];
            uint header = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[offset++];
                header |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                    break;
            }
            next = offset;
            if (header == 0)
                return TextRef.None;
            var length = (int)(header / 4) - 1;
            var wide = (header & WideHeaderFlag) != 0;
            if ((header & LongFlag) != 0)
            {
                next += sizeof(int);
                return new TextRef(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)), length, wide);
            }
            var text = new TextRef(chunk * ChunkBytes + offset, length, wide);
            next += text.ByteCount;
            return text;
        }

        private static bool IsWide(string text)
        {
            foreach (var c in text)
            {
                if (c >= 0x80)
                    return true;
            }
            return false;
        }

        private static void Write(string text, bool wide, Span<byte> target)
        {
            if (wide)
                MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(target);
            else
                for (var i = 0; i < text.Length; i++)
                    target[i] = (byte)text[i];
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

        /// <summary>Room for <paramref name="bytes"/> bytes in one chunk; returns where they start.</summary>
        private int Reserve(int bytes, out Span<byte> target)
        {
            if (_chunks.Count == 0 || _used + bytes > ChunkBytes)
            {
                // A text longer than a chunk gets a chunk of its own size, and the next text a new chunk.
                _chunks.Add(new byte[Math.Max(ChunkBytes, bytes)]);
                _used = 0;
            }
            target = new Span<byte>(_chunks[_chunks.Count - 1], _used, bytes);
            var start = (_chunks.Count - 1) * ChunkBytes + _used;
            _used += bytes;
            return start;
        }

        /// <summary>
        /// Finds <paramref name="text"/> among the keys of <paramref name="map"/> (texts of this arena): true with its
        /// value, the text not kept; or false with <paramref name="key"/> the text added, for the caller to add.
        /// </summary>
        public bool Find<TValue>(Dictionary<TextRef, TValue> map, string text, out TextRef key, out TValue value)
        {
            key = Add(text);
            if (!map.TryGetValue(key, out value))
                return false;
            RemoveLast(key);
            return true;
        }

        /// <summary>Takes back <paramref name="text"/>, the text added last (one found to be there already).</summary>
        public void RemoveLast(TextRef text)
        {
            if (
                !text.IsNone
                && text.Start / ChunkBytes == _chunks.Count - 1
                && text.Start % ChunkBytes + text.ByteCount == _used
            )
                RemoveFrom(text.Start);
        }

        /// <summary>Takes back the record added last, at <paramref name="pair"/>, and the long texts stored after it:
        /// for a record held no longer than its event.</summary>
        public void RemoveLastPair(int pair) => RemoveFrom(pair);

        /// <summary>Forgets every text from <paramref name="start"/> (a text's or record's first byte) on.</summary>
        private void RemoveFrom(int start)
        {
            var chunk = start / ChunkBytes;
            if (chunk < _chunks.Count - 1)
                _chunks.RemoveRange(chunk + 1, _chunks.Count - chunk - 1);
            _used = start % ChunkBytes;
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
