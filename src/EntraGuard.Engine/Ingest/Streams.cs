using System;
using System.IO;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Text;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// A read-only forward stream whose first bytes can be looked at before reading, on any stream. Bad data met while
    /// peeking (a corrupt gzip) is not thrown by the peek but by the read that reaches it, where the reader can say
    /// which file and offset it is at.
    /// </summary>
    internal sealed class PeekableStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private byte[] _head = Array.Empty<byte>();
        private int _headPosition;
        private ExceptionDispatchInfo? _badData;

        public PeekableStream(Stream inner) => _inner = inner;

        /// <summary>Up to <paramref name="count"/> bytes from the current position, without consuming them.</summary>
        public byte[] Peek(int count)
        {
            var available = _head.Length - _headPosition;
            if (available < count)
            {
                var grown = new byte[count];
                Buffer.BlockCopy(_head, _headPosition, grown, 0, available);
                while (available < count && _badData is null)
                {
                    int read;
                    try
                    {
                        read = _inner.Read(grown, available, count - available);
                    }
                    catch (InvalidDataException ex)
                    {
                        _badData = ExceptionDispatchInfo.Capture(ex);
                        break;
                    }
                    if (read == 0)
                        break;
                    available += read;
                }
                Array.Resize(ref grown, available);
                _head = grown;
                _headPosition = 0;
            }
            var result = new byte[Math.Min(count, _head.Length - _headPosition)];
            Buffer.BlockCopy(_head, _headPosition, result, 0, result.Length);
            return result;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headPosition < _head.Length)
            {
                var n = Math.Min(count, _head.Length - _headPosition);
                Buffer.BlockCopy(_head, _headPosition, buffer, offset, n);
                _headPosition += n;
                return n == count || _badData != null ? n : n + _inner.Read(buffer, offset + n, count - n);
            }
            _badData?.Throw();
            return _inner.Read(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Decompresses gzip and checks what the decompressor leaves unchecked: that the data ends with the trailer (CRC-32
    /// and length) of what came out. Without it a file cut short reads as a shorter, or an empty, one. Corrupt or cut
    /// data throws <see cref="InvalidDataException"/> with a message for the admin.
    /// </summary>
    /// <remarks>
    /// The trailer checked is the file's last eight bytes, so several gzip members joined into one file (cat a.gz
    /// b.gz) fail the check: such a file must be decompressed first.
    /// </remarks>
    internal sealed class CheckedGzipStream : ForwardReadStream
    {
        private const int TrailerLength = 8;
        private readonly Stream _compressed;
        private readonly GZipStream _gzip;
        private readonly byte[] _tail = new byte[TrailerLength]; // the last bytes read from the compressed data, a ring
        private long _compressedLength;
        private uint _crc = Crc32.Initial;
        private long _length;
        private bool _ended;

        public CheckedGzipStream(Stream compressed)
        {
            _compressed = new TailRecorder(compressed, this);
            _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_ended)
                return 0;
            int read;
            try
            {
                read = _gzip.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"the gzip data is corrupt ({ex.Message.TrimEnd('.')})", ex);
            }
            if (read > 0)
            {
                _crc = Crc32.Update(_crc, buffer, offset, read);
                _length += read;
                return read;
            }
            _ended = true;
            CheckTrailer();
            return 0;
        }

        private void CheckTrailer()
        {
            var rest = new byte[4096];
            while (_compressed.Read(rest, 0, rest.Length) > 0) { } // anything after the last member decides the tail
            var trailer = new byte[TrailerLength];
            for (var i = 0; i < TrailerLength; i++)
                trailer[i] = _tail[(_compressedLength + i) % TrailerLength];
            var crc = LittleEndian(trailer, 0);
            var length = LittleEndian(trailer, 4);
            if (_compressedLength < 18 || crc != Crc32.Final(_crc) || length != (uint)_length)
            {
                throw new InvalidDataException(
                    "the gzip data ends early or is corrupt: its trailer does not match "
                        + $"the {_length:N0} byte(s) it decompressed to"
                );
            }
        }

        private static uint LittleEndian(byte[] bytes, int at) =>
            (uint)(bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _gzip.Dispose();
            base.Dispose(disposing);
        }

        /// <summary>Passes reads through, keeping the last bytes in the owner's ring.</summary>
        private sealed class TailRecorder : ForwardReadStream
        {
            private readonly Stream _inner;
            private readonly CheckedGzipStream _owner;

            public TailRecorder(Stream inner, CheckedGzipStream owner)
            {
                _inner = inner;
                _owner = owner;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = _inner.Read(buffer, offset, count);
                for (var i = Math.Max(0, read - TrailerLength); i < read; i++)
                {
                    _owner._tail[(_owner._compressedLength + i) % TrailerLength] = buffer[offset + i];
                }
                _owner._compressedLength += read;
                return read;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>CRC-32 (IEEE 802.3, as gzip uses), eight bytes a step.</summary>
    internal static class Crc32
    {
        public const uint Initial = 0xFFFFFFFF;
        private static readonly uint[] Table = BuildTable();

        public static uint Final(uint crc) => ~crc;

        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            var i = offset;
            var end = offset + count;
            for (; i + 8 <= end; i += 8)
            {
                var low = crc ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
                crc =
                    Table[7 * 256 + (low & 0xFF)]
                    ^ Table[6 * 256 + ((low >> 8) & 0xFF)]
                    ^ Table[5 * 256 + ((low >> 16) & 0xFF)]
                    ^ Table[4 * 256 + (low >> 24)]
                    ^ Table[3 * 256 + data[i + 4]]
                    ^ Table[2 * 256 + data[i + 5]]
                    ^ Table[256 + data[i + 6]]
                    ^ Table[data[i + 7]];
            }
            for (; i < end; i++)
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            for (var n = 0; n < 256; n++)
            {
                for (var k = 1; k < 8; k++)
                {
                    var previous = table[(k - 1) * 256 + n];
                    table[k * 256 + n] = previous >> 8 ^ table[previous & 0xFF];
                }
            }
            return table;
        }
    }

    /// <summary>Re-encodes a text reader's characters as UTF-8 bytes, a chunk at a time.</summary>
    internal sealed class Utf16ToUtf8Stream : ForwardReadStream
    {
        private readonly TextReader _reader;
        private readonly char[] _chars = new char[16 * 1024];
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private byte[] _pending = new byte[64 * 1024];
        private int _pendingStart;
        private int _pendingEnd;
        private bool _done;

        public Utf16ToUtf8Stream(TextReader reader) => _reader = reader;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_pendingStart == _pendingEnd)
            {
                if (_done)
                    return 0;
                var chars = _reader.Read(_chars, 0, _chars.Length);
                _done = chars == 0;
                _pendingStart = 0;
                _pendingEnd = _encoder.GetBytes(_chars, 0, chars, _pending, 0, flush: _done);
            }
            var n = Math.Min(count, _pendingEnd - _pendingStart);
            Buffer.BlockCopy(_pending, _pendingStart, buffer, offset, n);
            _pendingStart += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _reader.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that can only be read forward: everything but Read is refused.</summary>
    internal abstract class ForwardReadStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
