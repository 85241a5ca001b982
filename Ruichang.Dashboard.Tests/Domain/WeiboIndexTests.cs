using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Tests.Domain;

public sealed class WeiboIndexTests
{
    [Fact]
    public void Bci_of_100_posts_200_reposts_50_comments_300_likes_is_766_62()
    {
        // W1 = ln 101 = 4.615121; W2 = 0.4·ln 201 + 0.4·ln 51 + 0.2·ln 301 = 4.835474;
        // (0.2·W1 + 0.8·W2) × 160 = 766.6246.
        Assert.Equal(766.6246, WeiboIndex.Bci(100, 200, 50, 300), precision: 4);
    }

    [Fact]
    public void Bci_of_a_silent_month_is_zero()
    {
        Assert.Equal(0, WeiboIndex.Bci(0, 0, 0, 0));
    }

    [Fact]
    public void Reactions_weigh_more_than_posts()
    {
        Assert.True(WeiboIndex.Bci(0, 100, 100, 100) > WeiboIndex.Bci(100, 0, 0, 0));
    }

    [Fact]
    public void A_negative_count_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeiboIndex.Bci(10, -1, 0, 0));
    }
}
