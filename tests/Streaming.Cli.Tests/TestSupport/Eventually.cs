namespace Streaming.Cli.Tests.TestSupport;

/// <summary>Waits on a condition with a timeout (never a fixed sleep), retrying a short check.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (cts.IsCancellationRequested) throw new TimeoutException($"{what} did not happen within {timeout}; last: {last}");
            await Task.Yield();
        }
    }
}
