namespace Streaming.Contract;

/// <summary>Upper bounds for waits in the contract tests: generous, since a test only waits this long when it fails.</summary>
public static class Timeouts
{
    /// <summary>For a record (or an acknowledgement) that should arrive.</summary>
    public static readonly TimeSpan Record = TimeSpan.FromSeconds(15);

    /// <summary>One Consume call in a loop that checks its own deadline.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>For a consumer group to settle (join, sync, assign).</summary>
    public static readonly TimeSpan Group = TimeSpan.FromSeconds(30);

    /// <summary>How long "nothing arrives" is watched for.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            Thread.Sleep(10);
        }
    }
}
