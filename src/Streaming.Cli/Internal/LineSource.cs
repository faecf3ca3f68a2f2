using System.Threading.Channels;

namespace Streaming.Cli.Internal;

/// <summary>
/// Lines of a reader (stdin), read on a thread of their own so that the caller can wait for the next one with a
/// timeout — a console producer must commit its open transaction on time even while nobody types.
/// </summary>
internal sealed class LineSource
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });

    public LineSource(TextReader reader)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (reader.ReadLine() is { } line)
                    _lines.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
            }
            _lines.Writer.TryComplete();
        })
        { IsBackground = true, Name = "stdin" };
        thread.Start();
    }

    /// <summary>The next line; null at the end of input; TimedOut when <paramref name="timeout"/> passed first.</summary>
    public async Task<(string? Line, bool TimedOut)> NextAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) deadline.CancelAfter(t);
        try
        {
            if (!await _lines.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false)) return (null, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, true);
        }
        return _lines.Reader.TryRead(out string? line) ? (line, false) : (null, false);
    }
}
