-- Mixed storefront traffic for wrk: searches (Arabic, English, mixed, with filters and pages),
-- as-you-type suggestions and price estimates, in roughly the proportions a storefront sees.
-- Used by scripts/load.sh; wrk counts non-2xx answers, which must stay at zero under normal load.

local paths = {
  -- searches (12 of 20)
  "/api/search?q=%D8%B3%D8%A7%D8%B9%D8%A9%20%D8%B1%D9%88%D9%84%D9%83%D8%B3",            -- ساعة رولكس
  "/api/search?q=rolex%20submariner",
  "/api/search?q=%D8%B4%D9%86%D8%B7%D8%A9%20%D9%84%D9%88%D9%8A%D8%B3&category=bags",     -- شنطة لويس
  "/api/search?q=hermes%20birkin&sortBy=price_asc",
  "/api/search?q=%D8%AE%D8%A7%D8%AA%D9%85%20%D8%A7%D9%84%D9%85%D8%A7%D8%B3",            -- خاتم الماس
  "/api/search?q=cartier&brands=Cartier&condition=excellent,very_good",
  "/api/search?q=%D8%B1%D9%88%D9%84%D9%8A%D9%83%D8%B3%20%D8%AF%D9%8A%D8%AA%D9%88%D9%86%D8%A7", -- روليكس ديتونا
  "/api/search?q=omega&priceMin=50000&priceMax=400000",
  "/api/search?q=%D8%B3%D8%A7%D8%B9%D8%A7%D8%AA&page=3",                                  -- ساعات
  "/api/search?q=gucci%20%D8%B4%D9%86%D8%B7%D8%A9&sortBy=newest",
  "/api/search?q=patek&authenticationStatus=expert_verified",
  "/api/search?q=%D8%B0%D9%87%D8%A8%20%D8%B9%D9%8A%D8%A7%D8%B1%2018",                    -- ذهب عيار 18
  -- suggestions as someone types (5 of 20)
  "/api/search/suggestions?q=%D8%B1%D9%88",                                                -- رو
  "/api/search/suggestions?q=%D8%B1%D9%88%D9%84",                                          -- رول
  "/api/search/suggestions?q=rol",
  "/api/search/suggestions?q=her",
  "/api/search/suggestions?q=%D9%84%D9%88%D9%8A",                                          -- لوي
  -- price estimates while listing an item (3 of 20)
  "/api/prices/estimate?category=watches&brand=Rolex&model=Submariner&condition=very_good&watchYear=2019&boxPapers=true",
  "/api/prices/estimate?category=bags&brand=Louis%20Vuitton&model=Neverfull&condition=good",
  "/api/prices/estimate?category=watches&brand=Omega&model=Speedmaster&condition=excellent&watchYear=2021",
}

local counter = 0

function setup(thread)
  -- Threads start at different places so they do not all ask the same thing at once.
  counter = counter + 7
  thread:set("start", counter)
end

function init(args)
  i = start or 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
