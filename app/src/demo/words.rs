//! The vocabulary the demo catalogue is generated from (Russian, English).

/// Top-level categories: slug, names, and subcategories with the nouns their products get.
pub struct Sub {
    pub slug: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
    pub nouns: &'static [(&'static str, &'static str)],
}

pub struct Top {
    pub slug: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
    pub subs: &'static [Sub],
}

macro_rules! sub {
    ($slug:literal, $ru:literal, $en:literal, [$(($nr:literal, $ne:literal)),*]) => {
        Sub { slug: $slug, ru: $ru, en: $en, nouns: &[$(($nr, $ne)),*] }
    };
}

pub const CATEGORIES: &[Top] = &[
    Top {
        slug: "women",
        ru: "Женская одежда",
        en: "Women's clothing",
        subs: &[
            sub!(
                "dresses",
                "Платья",
                "Dresses",
                [("Платье", "Dress"), ("Сарафан", "Sundress")]
            ),
            sub!(
                "women-outerwear",
                "Верхняя одежда",
                "Outerwear",
                [("Куртка женская", "Women's jacket"), ("Пальто", "Coat")]
            ),
            sub!(
                "blouses",
                "Блузки и рубашки",
                "Blouses and shirts",
                [("Блузка", "Blouse"), ("Рубашка женская", "Women's shirt")]
            ),
        ],
    },
    Top {
        slug: "men",
        ru: "Мужская одежда",
        en: "Men's clothing",
        subs: &[
            sub!(
                "men-outerwear",
                "Куртки и пальто",
                "Jackets and coats",
                [("Куртка мужская", "Men's jacket"), ("Парка", "Parka")]
            ),
            sub!(
                "tshirts",
                "Футболки",
                "T-shirts",
                [("Футболка", "T-shirt"), ("Поло", "Polo shirt")]
            ),
            sub!(
                "jeans",
                "Джинсы и брюки",
                "Jeans and trousers",
                [("Джинсы", "Jeans"), ("Брюки", "Trousers")]
            ),
        ],
    },
    Top {
        slug: "phones",
        ru: "Телефоны и связь",
        en: "Phones",
        subs: &[
            sub!(
                "smartphones",
                "Смартфоны",
                "Smartphones",
                [("Смартфон", "Smartphone")]
            ),
            sub!(
                "cases",
                "Чехлы",
                "Cases",
                [
                    ("Чехол для телефона", "Phone case"),
                    ("Защитное стекло", "Screen protector")
                ]
            ),
            sub!(
                "chargers",
                "Зарядные устройства",
                "Chargers",
                [
                    ("Зарядное устройство", "Charger"),
                    ("Кабель USB-C", "USB-C cable"),
                    ("Пауэрбанк", "Power bank")
                ]
            ),
        ],
    },
    Top {
        slug: "electronics",
        ru: "Электроника",
        en: "Electronics",
        subs: &[
            sub!(
                "headphones",
                "Наушники",
                "Headphones",
                [
                    ("Наушники беспроводные", "Wireless headphones"),
                    ("Наушники-вкладыши", "Earbuds")
                ]
            ),
            sub!(
                "smartwatches",
                "Умные часы",
                "Smart watches",
                [
                    ("Умные часы", "Smart watch"),
                    ("Фитнес-браслет", "Fitness band")
                ]
            ),
            sub!(
                "speakers",
                "Колонки",
                "Speakers",
                [("Колонка портативная", "Portable speaker")]
            ),
        ],
    },
    Top {
        slug: "computers",
        ru: "Компьютеры",
        en: "Computers",
        subs: &[
            sub!(
                "keyboards",
                "Клавиатуры",
                "Keyboards",
                [("Клавиатура механическая", "Mechanical keyboard")]
            ),
            sub!(
                "mice",
                "Мыши",
                "Mice",
                [
                    ("Мышь беспроводная", "Wireless mouse"),
                    ("Коврик для мыши", "Mouse pad")
                ]
            ),
            sub!(
                "storage",
                "Накопители",
                "Storage",
                [
                    ("Флешка", "USB flash drive"),
                    ("SSD-накопитель", "SSD drive")
                ]
            ),
        ],
    },
    Top {
        slug: "home",
        ru: "Дом и сад",
        en: "Home and garden",
        subs: &[
            sub!(
                "kitchen",
                "Кухня",
                "Kitchen",
                [
                    ("Сковорода", "Frying pan"),
                    ("Нож кухонный", "Kitchen knife"),
                    ("Кружка", "Mug")
                ]
            ),
            sub!(
                "textile",
                "Текстиль",
                "Textiles",
                [
                    ("Плед", "Blanket"),
                    ("Подушка", "Pillow"),
                    ("Полотенце", "Towel")
                ]
            ),
            sub!(
                "garden",
                "Сад",
                "Garden",
                [("Лейка", "Watering can"), ("Секатор", "Pruner")]
            ),
        ],
    },
    Top {
        slug: "beauty",
        ru: "Красота и здоровье",
        en: "Beauty and health",
        subs: &[
            sub!(
                "makeup",
                "Макияж",
                "Makeup",
                [("Помада", "Lipstick"), ("Тушь для ресниц", "Mascara")]
            ),
            sub!(
                "skincare",
                "Уход за кожей",
                "Skin care",
                [
                    ("Крем для лица", "Face cream"),
                    ("Маска для лица", "Face mask")
                ]
            ),
            sub!(
                "hair",
                "Уход за волосами",
                "Hair care",
                [("Фен", "Hair dryer"), ("Расчёска", "Hair brush")]
            ),
        ],
    },
    Top {
        slug: "kids",
        ru: "Детские товары",
        en: "Kids",
        subs: &[
            sub!(
                "toys",
                "Игрушки",
                "Toys",
                [
                    ("Конструктор", "Building set"),
                    ("Мягкая игрушка", "Soft toy")
                ]
            ),
            sub!(
                "kids-clothes",
                "Одежда для детей",
                "Kids' clothes",
                [
                    ("Комбинезон детский", "Kids' overalls"),
                    ("Шапка детская", "Kids' hat")
                ]
            ),
            sub!(
                "school",
                "Школа",
                "School",
                [
                    ("Рюкзак школьный", "School backpack"),
                    ("Пенал", "Pencil case")
                ]
            ),
        ],
    },
    Top {
        slug: "sport",
        ru: "Спорт и отдых",
        en: "Sports and outdoors",
        subs: &[
            sub!(
                "fitness",
                "Фитнес",
                "Fitness",
                [("Коврик для йоги", "Yoga mat"), ("Гантели", "Dumbbells")]
            ),
            sub!(
                "bikes",
                "Велоспорт",
                "Cycling",
                [
                    ("Велосипедный фонарь", "Bike light"),
                    ("Велошлем", "Bike helmet")
                ]
            ),
            sub!(
                "camping",
                "Туризм",
                "Camping",
                [
                    ("Палатка", "Tent"),
                    ("Спальный мешок", "Sleeping bag"),
                    ("Термос", "Vacuum flask")
                ]
            ),
        ],
    },
    Top {
        slug: "auto",
        ru: "Автотовары",
        en: "Car accessories",
        subs: &[
            sub!(
                "car-electronics",
                "Автоэлектроника",
                "Car electronics",
                [
                    ("Видеорегистратор", "Dash cam"),
                    ("Держатель для телефона", "Phone holder")
                ]
            ),
            sub!(
                "car-care",
                "Уход за авто",
                "Car care",
                [
                    ("Автошампунь", "Car shampoo"),
                    ("Салфетки из микрофибры", "Microfibre cloths")
                ]
            ),
            sub!(
                "car-tools",
                "Инструменты",
                "Tools",
                [("Компрессор автомобильный", "Car air compressor")]
            ),
        ],
    },
    Top {
        slug: "shoes",
        ru: "Обувь",
        en: "Shoes",
        subs: &[
            sub!(
                "sneakers",
                "Кроссовки",
                "Sneakers",
                [("Кроссовки", "Sneakers")]
            ),
            sub!(
                "boots",
                "Ботинки",
                "Boots",
                [("Ботинки зимние", "Winter boots"), ("Сапоги", "High boots")]
            ),
            sub!(
                "slippers",
                "Домашняя обувь",
                "Slippers",
                [("Тапочки", "Slippers")]
            ),
        ],
    },
    Top {
        slug: "jewelry",
        ru: "Украшения и часы",
        en: "Jewellery and watches",
        subs: &[
            sub!(
                "rings",
                "Кольца",
                "Rings",
                [("Кольцо серебряное", "Silver ring")]
            ),
            sub!(
                "necklaces",
                "Колье и подвески",
                "Necklaces",
                [("Подвеска", "Pendant"), ("Цепочка", "Chain")]
            ),
            sub!(
                "watches",
                "Наручные часы",
                "Wrist watches",
                [("Часы наручные", "Wrist watch")]
            ),
        ],
    },
];

pub const BRANDS: &[&str] = &[
    "Nordex", "Lumo", "Aurix", "Velora", "Kamtek", "Sorrel", "Brisa", "Tundra", "Orbis", "Pixa",
    "Zento", "Mirra", "Quanta", "Holm", "Vesta", "Altai", "Ladoga", "Sever", "Yarilo", "Baikal",
];

pub const COLORS: &[(&str, &str)] = &[
    ("чёрный", "black"),
    ("белый", "white"),
    ("серый", "grey"),
    ("синий", "blue"),
    ("красный", "red"),
    ("зелёный", "green"),
    ("бежевый", "beige"),
    ("розовый", "pink"),
];

pub const FEATURES: &[(&str, &str)] = &[
    ("Лёгкий и прочный", "Light and durable"),
    (
        "Подходит для ежедневного использования",
        "Made for everyday use",
    ),
    ("Хит продаж этого сезона", "This season's best seller"),
    (
        "Аккуратная упаковка, быстрая отправка",
        "Neat packaging, fast dispatch",
    ),
    ("Проверено покупателями", "Tried and trusted by shoppers"),
    ("Отличный подарок", "A great gift"),
];

pub const STORE_FIRST: &[&str] = &[
    "Sunny", "Nordic", "Urban", "Happy", "Royal", "Smart", "Green", "Blue", "Golden", "Silver",
];
pub const STORE_SECOND: &[&str] = &["Home", "Tech", "Style", "Kids"];
