"""Stories written for these tests (original text), in the shapes readers save them."""

from __future__ import annotations

HP_TAGGED = """Title: The Quiet Corridor
Author: inkwell
Fandom: Harry Potter - J. K. Rowling
Rating: Teen And Up Audiences
Relationships: Draco Malfoy/Harry Potter, Hermione Granger & Harry Potter
Characters: Draco Malfoy, Harry Potter (Harry Potter), Hermione Granger, Original Female Character(s), Reader
Summary: Two boys, one broken staircase, and far too much pride.

The staircase had stopped halfway again, and Harry sat on the top step because there was nowhere else to go.

"You could have jumped," Draco said from the landing below. He leaned on the banister as if he owned it.

"You could have kept walking," Harry said. He did not look down, but he knew exactly where Draco stood.

Hermione had warned him about the stairs. Hermione warned him about most things, and she was right about most of them, which was the worst part.

Draco climbed three steps and stopped. "Malfoy," Harry said, "if you are going to gloat, do it from further away."

"I never gloat." Draco sat down two steps below him. Their knees nearly touched. Harry's heart did something stupid.

They waited together while the castle decided where they were going.
"""

HP_UNTAGGED = """Draco found the letter on his pillow, folded twice, the handwriting careless and familiar.

He read it standing up. Then he read it sitting down. Harry had written only four lines, and two of them were about Quidditch.

"Is it from him?" Pansy asked, leaning over his shoulder.

"No," Draco said, and put the letter in his pocket.

Later, by the lake, Harry waited with his hands jammed into his sleeves. Draco walked the long way round, so that it would not look like he had hurried.

"You came," Harry said.

"I was passing," Draco said. Harry laughed, and Draco decided that he would pass this way again.
"""

NARUTO_UNTAGGED = """The training ground was empty except for the three of them and the crows.

"Again," Naruto said, wiping blood from his lip. "I can do it this time, believe it."

"You said that an hour ago," said Sasuke. He did not bother to turn around. The sun had gone down behind the trees an hour before.

Sakura sighed and tied back her hair. Sakura's patience was famous in the village, and it had limits. "Naruto, sit down before you fall down."

Naruto did not sit down. Naruto never sat down. He made the sign again and the clones burst into the clearing, a dozen orange jackets and a dozen grins.

"Show-off," said Sasuke, but he was smiling now, a little. Sasuke's smile was rare enough that Sakura stared.

Later they walked back past the Ichiraku Ramen Shop, and Naruto's stomach growled so loudly that Sakura laughed.

"Tomorrow," Sasuke said. "Same time."

"Tomorrow," Naruto said, and meant it.
"""

FF7_UNTAGGED_PLACES = """The bike coughed twice and died at the edge of Sector 7.

Cloud kicked the stand down and checked the crates. Strife Delivery Service had promised the order by noon, and it was already past.

"Hey, Spiky," called a voice from the doorway. "You lost?"

He did not answer. The woman laughed and went back inside. Cloud carried the first crate in, then the second, and then the third.

"You're late," Tifa said from behind the bar. She did not sound angry. She sounded like someone who had expected nothing else.

"Traffic," said Cloud. There was no traffic in Sector 7. There had not been traffic in Sector 7 for years.

"Sit, Spiky," said the woman at the end of the bar. "Have a drink." Cloud sat. Tifa poured.

Someone had left an old poster on the wall, a Final Fantasy tournament from years ago; Final Fantasy had been the name of a dance hall too, before the plate fell. Nobody remembered Final Fantasy now.
"""

SUMMARY_LEAD_EPITHET = """Title: The Long Watch
Summary: Sephiroth keeps watch over the barracks the night before the march.

The General did not sleep before a march. He walked the rows of cots instead, counting breaths.

A cadet stirred and sat up, and the General put a hand on his shoulder until he lay down again. Cloud, the boy's tag read.

He walked on. The General had done this for years, and he would do it again tomorrow, and the night after.

Outside the rain had started. He stood at the door and listened to it, and did not think about the morning.
"""

FIRST_PERSON = """Title: Small Hours
Characters: Vincent Valentine

I do not sleep much. I have not slept much for a long time.

The bar is empty when I come down. Tifa has left a glass out for me, upside down on a cloth, the way she always does. I turn it over and do not fill it.

Someone knocks. I open the door and Cid is there, soaked, grinning, a bottle in his hand.

"Valentine," he says. "You look like hell."

I let him in. I always let him in.
"""

NOTES_NAME_DROP = """A/N: Thanks to my beta, who loves Reno more than life.

Tifa opened the bar at six, as she always did. She wiped the counter, set out the glasses, and checked the till.

Marlene came down the stairs in her socks. "Is Cloud back?" she asked.

"Not yet," said Tifa. She lifted Marlene onto a stool and gave her a glass of milk.

Reno came in later for a drink and left without paying.

The evening crowd came and went. Tifa counted the till again and locked the door at midnight, and Cloud still was not back.
"""

SURNAMES = """Title: The Manor Key
Characters: Vincent Valentine, Tifa Lockhart

"Mr. Valentine," Tifa said, "you have the key."

Valentine looked at the key in his hand as if he had never seen it before.

"You asked me to keep it," he said. Valentine was always careful with words.

Tifa took it and turned it over. Mr. Valentine, she thought, was the only person who would call a key a burden.
"""

PAIRINGS_NOTES = """A/N: a Cloud x Aeris fic, because I can. Also some Clerith feels and a little Cloti on the side. Zack & Cloud friendship forever.

Cloud waited by the church doors. Aeris was late, as always. Cloud did not mind.

Zack had told him to bring flowers. Cloud had brought none; there were flowers enough inside.
"""

NO_PAIRINGS = """A/N: NO pairings in this one, sorry! Just Cloud and Tifa being friends. Cloud/Tifa fans, maybe next time.

Cloud and Tifa sat on the roof and watched the plate lights come on. She kissed his cheek; he blushed.

Tifa loved the roof. Cloud loved that she loved it. They kissed once, by accident, and laughed about it later, with love.
"""

FFN_COPIED = """Rated: Fiction T - English - Romance/Friendship - [Cloud S., Tifa L.] Barret W. - Words: 412 - Status: Complete

Cloud stood at the window. Tifa was downstairs. Barret was shouting about something again.

"Cloud," Tifa called, "come and eat."

He went down. Barret handed him a plate and clapped him on the back.
"""

AO3_CONVENTIONS = """Title: Canyon Light
Fandom: Final Fantasy VII
Characters: Red XIII | Nanaki, Original Male Character, You
Relationships: Red XIII | Nanaki & Original Male Character

Nanaki lay on the warm stone and watched the sun go down over the canyon.

The stranger sat beside him. "It is beautiful," he said. Nanaki agreed, and said so.
"""
