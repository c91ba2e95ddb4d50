using Microsoft.Win32.SafeHandles;

namespace Parquet.Reading;

/// <summary>Positional reads from a file or a seekable stream; safe to call from several threads.</summary>
internal abstract class ByteSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the caller has checked the range.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    public abstract void Dispose();

    public static ByteSource OpenFile(string path) => new FileSource(path);

    public static ByteSource FromStream(Stream stream, bool leaveOpen) => new StreamSource(stream, leaveOpen);

    private sealed class FileSource(string path) : ByteSource
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

        public override long Length => RandomAccess.GetLength(_handle);

        public override void Read(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int read = RandomAccess.Read(_handle, destination, offset);
                if (read == 0) throw new EndOfStreamException($"{path} ended while reading at offset {offset}.");
                destination = destination[read..];
                offset += read;
            }
        }

        public override void Dispose() => _handle.Dispose();
    }

    private sealed class StreamSource(Stream stream, bool leaveOpen) : ByteSource
    {
        private readonly Lock _gate = new();

        public override long Length => stream.Length;

        public override void Read(long offset, Span<byte> destination)
        {
            lock (_gate)
            {
                stream.Position = offset;
                stream.ReadExactly(destination);
            }
        }

        public override void Dispose()
        {
            if (!leaveOpen) stream.Dispose();
        }
    }
}
