using Streaming.Broker.Tests.TestSupport;
using Xunit;

namespace Streaming.Broker.Tests.Durability;

/// <summary>A data directory is locked by the broker that opens it, against this process and others.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private EmbeddedBroker Open() => EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory.Path });

    [Fact]
    public void Open_DirectoryHeldInThisProcess_ThrowsDataDirectoryLockedExceptionUntilDisposed()
    {
        var first = Open();
        Assert.Throws<DataDirectoryLockedException>(() => Open());
        Assert.Throws<DataDirectoryLockedException>(() => Open()); // a failed attempt takes nothing with it
        first.Dispose();

        using var second = Open();
        Assert.True(second.WasCleanStart);
    }

    [Fact]
    public void Open_DirectoryHeldByAnotherProcess_IsRefusedUntilDisposed()
    {
        using (Open())
        {
            Assert.Equal(["locked"], RunOpenChild());
        }
        Assert.Equal(["opened"], RunOpenChild());
        using var broker = Open(); // the child's broker let go too
    }

    private List<string> RunOpenChild()
    {
        using var child = new ChildProcess("open", _directory.Path);
        child.WaitForExit(Timeout);
        Assert.True(child.StandardError.Trim().Length == 0, child.StandardError);
        return child.Lines();
    }
}
