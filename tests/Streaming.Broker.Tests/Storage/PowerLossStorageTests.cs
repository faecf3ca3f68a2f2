using Xunit;

namespace Streaming.Broker.Tests.Storage;

/// <summary>The fault model the power-loss tests rely on.</summary>
public sealed class PowerLossStorageTests
{
    private const string Directory = "/power-loss-storage";
    private static readonly string FilePath = Path.Combine(Directory, "file");

    private static PowerLossStorage WithFile(out Broker.Storage.IStorageFile file)
    {
        var storage = new PowerLossStorage();
        storage.CreateDirectory(Directory);
        file = storage.Open(FilePath, create: true);
        return storage;
    }

    [Fact]
    public void SimulatePowerLoss_SyncedAndUnsyncedWrites_KeepsSyncedAndAtMostAPrefixOfTheRest()
    {
        byte[] synced = [1, 2, 3, 4];
        byte[] unsynced = [5, 6, 7, 8, 9, 10];
        for (int seed = 0; seed < 50; seed++)
        {
            var storage = WithFile(out var file);
            file.Write(0, synced);
            file.Flush();
            file.Write(synced.Length, unsynced);
            storage.SimulatePowerLoss(new Random(seed));
            storage.PowerOn();

            var after = storage.ReadAll(FilePath);
            Assert.Equal(synced, after[..synced.Length]);
            Assert.Equal(unsynced[..(after.Length - synced.Length)], after[synced.Length..]);
        }
    }

    [Fact]
    public void SimulatePowerLoss_FsyncRemoved_LosesWritesForSomeSeed()
    {
        bool lost = false;
        for (int seed = 0; seed < 20 && !lost; seed++)
        {
            var storage = WithFile(out var file);
            storage.FsyncEnabled = false;
            file.Write(0, [1, 2, 3]);
            file.Flush();
            storage.SimulatePowerLoss(new Random(seed));
            storage.PowerOn();
            lost = storage.ReadAll(FilePath).Length < 3;
        }
        Assert.True(lost);
    }

    [Fact]
    public void Handle_OpenedBeforePowerLoss_ThrowsIOExceptionForEveryOperation()
    {
        var storage = WithFile(out var file);
        storage.SimulatePowerLoss(new Random(1));
        Assert.Throws<IOException>(() => storage.FileExists(FilePath)); // the power is off
        storage.PowerOn();

        Assert.Throws<IOException>(() => file.Write(0, [1]));
        Assert.Throws<IOException>(() => file.Flush());
        Assert.Throws<IOException>(() => file.Read(0, new byte[1]));
        file.Dispose(); // closing a dead handle writes nothing and does not throw
        using var fresh = storage.Open(FilePath, create: false);
        fresh.Write(0, [1]);
    }

    [Fact]
    public void Lock_HeldPath_RefusesASecondHolderUntilDisposed()
    {
        var storage = new PowerLossStorage();
        storage.CreateDirectory(Directory);
        string lockPath = Path.Combine(Directory, ".lock");
        var first = storage.Lock(lockPath);
        Assert.Throws<DataDirectoryLockedException>(() => storage.Lock(lockPath));
        first.Dispose();
        var second = storage.Lock(lockPath);

        storage.SimulatePowerLoss(new Random(1)); // the holder's process is gone with the power
        storage.PowerOn();
        using var third = storage.Lock(lockPath);
        second.Dispose(); // a stale holder cannot release the new one's lock
        Assert.Throws<DataDirectoryLockedException>(() => storage.Lock(lockPath));
    }
}
